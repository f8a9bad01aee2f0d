// The wire protocol: topic names and classification, payload validation with coded errors.
import { expect } from 'chai';
import {
  LIMITS,
  Topics,
  encode,
  parseChannelNow,
  parseChatMessage,
  parseChatPost,
  parsePresence,
  parseReactPost,
  parseTimeBeacon,
  parseTimeRequest,
  parseTimeResponse,
  parseTopic,
  decodeObject,
} from '../../src/core/protocol.js';

describe('core/protocol', () => {
  it('builds every topic under ss/v1/', () => {
    expect(Topics.time).to.equal('ss/v1/time');
    expect(Topics.timeRequest('tv1')).to.equal('ss/v1/time/req/tv1');
    expect(Topics.timeResponse('tv1')).to.equal('ss/v1/time/res/tv1');
    expect(Topics.lineup).to.equal('ss/v1/lineup');
    expect(Topics.channelNow('c1')).to.equal('ss/v1/channels/c1/now');
    expect(Topics.chatPost('c1')).to.equal('ss/v1/channels/c1/chat/post');
    expect(Topics.chat('c1')).to.equal('ss/v1/channels/c1/chat');
    expect(Topics.react('c1')).to.equal('ss/v1/channels/c1/react');
    expect(Topics.reactions('c1')).to.equal('ss/v1/channels/c1/reactions');
    expect(Topics.viewers('c1')).to.equal('ss/v1/channels/c1/viewers');
    expect(Topics.controlSync).to.equal('ss/v1/control/sync');
    expect(Topics.presence('tv1')).to.equal('ss/v1/presence/tv1');
  });

  it('classifies topics, rejecting anything outside the protocol', () => {
    expect(parseTopic('ss/v1/time')).to.deep.equal({ kind: 'time' });
    expect(parseTopic('ss/v1/time/req/tv-1')).to.deep.equal({ kind: 'timeRequest', clientId: 'tv-1' });
    expect(parseTopic('ss/v1/channels/c1/chat/post')).to.deep.equal({ kind: 'chatPost', channelId: 'c1' });
    expect(parseTopic('ss/v1/channels/c1/react')).to.deep.equal({ kind: 'react', channelId: 'c1' });
    // Posts that name their sender (what a standard broker's ACL holds a client to).
    expect(parseTopic(Topics.chatPost('c1', 'tv-1'))).to.deep.equal({ kind: 'chatPost', channelId: 'c1', clientId: 'tv-1' });
    expect(parseTopic(Topics.react('c1', 'tv-1'))).to.deep.equal({ kind: 'react', channelId: 'c1', clientId: 'tv-1' });
    expect(parseTopic('ss/v1/control/sync')).to.deep.equal({ kind: 'controlSync' });
    expect(parseTopic(Topics.presence('tv-1'))).to.deep.equal({ kind: 'presence', clientId: 'tv-1' });
    for (const bad of ['ss/v1/presence', 'ss/v1/presence/+', 'ss/v1/presence/a b', 'ss/v1/presence/x/y', 'ss/v2/time', 'ss/v1/time/req', 'ss/v1/time/req/a/b', 'ss/v1/time/req/+', 'ss/v1/channels/+/now', 'ss/v1/channels/c1/other', 'ss/v1/channels/c1/chat/post/+', 'ss/v1/channels/c1/chat/post/x/y', 'ss/v1/channels/c1/react/a b', 'ss/v1/channels/c1/react/x/y', 'ss/v1/channels/a b/now', '$SYS/x', 'ss/v1/', '']) {
      expect(parseTopic(bad), bad).to.equal(null);
    }
  });

  it('parses valid payloads from strings and bytes', () => {
    const req = parseTimeRequest(new TextEncoder().encode(encode({ v: 1, t0: 12.5 })));
    expect(req).to.deep.equal({ ok: true, value: { v: 1, t0: 12.5 } });
    expect(parseTimeResponse('{"v":1,"t0":1,"t1":2,"t2":3}').ok).to.equal(true);
    expect(parseTimeBeacon('{"v":1,"serverTimeMs":5,"seq":0,"lineupVersion":3}').ok).to.equal(true);
    expect(parseReactPost('{"v":1,"id":"like"}').ok).to.equal(true);
    expect(parsePresence('{"v":1,"channelId":"c1"}')).to.deep.equal({ ok: true, value: { v: 1, channelId: 'c1' } });
    expect(parsePresence('{"v":1,"channelId":null}').ok).to.equal(true);
  });

  it('returns coded errors for bad payloads', () => {
    const code = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error?.code);
    expect(code(parseChatPost('{nope'))).to.equal('SS_PROTO_INVALID_JSON');
    expect(code(parseChatPost('[1]'))).to.equal('SS_PROTO_NOT_OBJECT');
    expect(code(parseChatPost('null'))).to.equal('SS_PROTO_NOT_OBJECT');
    expect(code(parseChatPost('{"text":"hi"}'))).to.equal('SS_PROTO_BAD_VERSION');
    expect(code(parseChatPost('{"v":2,"text":"hi"}'))).to.equal('SS_PROTO_BAD_VERSION');
    expect(code(parseChatPost('{"v":1,"text":5}'))).to.equal('SS_PROTO_BAD_FIELD');
    expect(code(parseChatPost('{"v":1,"text":""}'))).to.equal('SS_PROTO_BAD_FIELD');
    expect(code(parseTimeRequest('{"v":1,"t0":"1"}'))).to.equal('SS_PROTO_BAD_FIELD');
    expect(code(parseTimeRequest('{"v":1,"t0":1e999}'))).to.equal('SS_PROTO_BAD_FIELD');
    expect(code(parseTimeBeacon('{"v":1,"serverTimeMs":5,"seq":-1,"lineupVersion":3}'))).to.equal('SS_PROTO_BAD_FIELD');
    expect(code(parsePresence('{"v":1,"channelId":"a b"}'))).to.equal('SS_PROTO_BAD_FIELD');
    expect(code(parsePresence('{"v":1}'))).to.equal('SS_PROTO_BAD_FIELD');
    expect(code(decodeObject(new Uint8Array([0x7b, 0xff, 0x7d])))).to.equal('SS_PROTO_NOT_UTF8');
    expect(code(decodeObject('x'.repeat(LIMITS.maxViewerPayloadBytes + 1)))).to.equal('SS_PROTO_TOO_LARGE');
    expect(code(decodeObject('{"v":1}', 3))).to.equal('SS_PROTO_TOO_LARGE');
    const bad = parseChatPost('{"v":1,"text":5}');
    expect(bad.ok ? '' : bad.error.message).to.contain('"text"');
  });

  it('validates now-playing payloads, programs included', () => {
    const program = { id: 'p', channelId: 'c', assetId: 'a', title: 't', startMs: 0, endMs: 10, inMs: 0, outMs: 10, kind: 'program', part: 1, parts: 1, resumesAtMs: null, dashUrl: 'd', hlsUrl: 'h', posterUrl: null, start: 's', end: 'e' };
    const now = { v: 1, serverTimeMs: 5, channel: { id: 'c', number: 1, name: 'C', logoUrl: null, group: '' }, current: program, next: null, program, offsetMs: 5 };
    expect(parseChannelNow(JSON.stringify(now)).ok).to.equal(true);
    expect(parseChannelNow(JSON.stringify({ ...now, current: { ...program, startMs: 'x' } })).ok).to.equal(false);
    expect(parseChannelNow(JSON.stringify({ ...now, offsetMs: 'x' })).ok).to.equal(false);
  });

  it('chat messages name their sender with `from`, never a client id', () => {
    const m = { v: 1, id: 'm1', channelId: 'one', from: 'Viewer 3FA2', text: 'hi', serverTimeMs: 5, offsetMs: null, programId: null };
    expect(parseChatMessage(JSON.stringify(m))).to.deep.equal({ ok: true, value: m });
    const { from: _from, ...withoutFrom } = m;
    const old = parseChatMessage(JSON.stringify({ ...withoutFrom, clientId: 'tv-00112233aabbccdd' }));
    expect(old.ok).to.equal(false);
  });
});
