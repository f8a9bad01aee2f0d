// The IPTV channel list and guide as an app reads them: the M3U parsed by a small parser of the
// extended format, every URL absolute and pointing at the channel's HLS master, tvg-ids equal to the
// guide's channel ids, disabled channels absent, names that would break the format kept on one line
// (the API refuses C0 controls in names; U+2028 and NEL are line breaks to some readers).
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AUTH, startHarness, type Harness } from '../../app/harness.js';
import { HOUR, MINUTE, T0 } from '../../store/builders.js';

const run = promisify(execFile);

interface M3uEntry {
  duration: string;
  attrs: Record<string, string>;
  title: string;
  url: string;
}

/**
 * A strict parser of the extended M3U: `#EXTM3U` with attributes, then `#EXTINF:<duration> k="v" …,<title>`
 * followed by exactly one URL line. Attribute values end at the next double quote (as Kodi and VLC
 * read them); the title is what follows the comma after the last attribute.
 */
function parseM3u(text: string): { header: Record<string, string>; entries: M3uEntry[] } {
  const lines = text.split('\n');
  expect(lines.at(-1), 'ends with a newline').to.equal('');
  lines.pop();
  const attrs = (s: string): { attrs: Record<string, string>; rest: string } => {
    const out: Record<string, string> = {};
    let rest = s;
    for (let m = /^ ([a-z-]+)="([^"]*)"/.exec(rest); m; m = /^ ([a-z-]+)="([^"]*)"/.exec(rest)) {
      out[m[1] ?? ''] = m[2] ?? '';
      rest = rest.slice(m[0].length);
    }
    return { attrs: out, rest };
  };
  const first = lines.shift() ?? '';
  expect(first.startsWith('#EXTM3U')).to.equal(true);
  const header = attrs(first.slice('#EXTM3U'.length));
  expect(header.rest, 'nothing after the header attributes').to.equal('');
  const entries: M3uEntry[] = [];
  while (lines.length > 0) {
    const info = lines.shift() ?? '';
    const url = lines.shift() ?? '';
    const m = /^#EXTINF:(-?\d+)(.*)$/.exec(info);
    expect(m, `an #EXTINF line: ${info}`).to.not.equal(null);
    const parsed = attrs(m?.[2] ?? '');
    expect(parsed.rest.startsWith(','), `a comma before the title: ${info}`).to.equal(true);
    expect(url.startsWith('#'), `a URL after ${info}`).to.equal(false);
    entries.push({ duration: m?.[1] ?? '', attrs: parsed.attrs, title: parsed.rest.slice(1), url });
  }
  return { header: header.attrs, entries };
}

const HOST = 'tv.example:8080';

describe('routes/iptv', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    const a = await h.putAsset({ durationMs: 25 * MINUTE, title: 'News at ten' });
    await h.createChannel({ id: 'news', number: 5, name: 'News, "Live"', logoUrl: '/logos/news.png', group: 'Info' });
    await h.inject({ method: 'PUT', url: '/v1/channels/news/schedule', headers: AUTH, payload: { from: T0, to: T0 + 6 * HOUR, programs: [{ assetId: a.id, start: T0 + HOUR }] } });
    await h.createChannel({ id: 'kids_1', number: 2, name: 'Kids\u2028Two\u0085', logoUrl: 'https://cdn.example/kids.png', group: 'Family "Fun", all day' });
    await h.createChannel({ id: 'plain', number: 9, name: 'Plain' });
    await h.createChannel({ id: 'hidden', number: 3, name: 'Hidden', enabled: false });
  });
  afterEach(() => h.close());

  const get = (url: string, headers: Record<string, string> = {}) => h.inject({ method: 'GET', url, headers: { host: HOST, ...headers } });

  it('lists every enabled channel by number with absolute URLs of its HLS master, in audio/x-mpegurl', async () => {
    const res = await get('/iptv/channels.m3u');
    expect(res.statusCode).to.equal(200);
    expect(res.headers['content-type']).to.equal('audio/x-mpegurl; charset=utf-8');
    const { header, entries } = parseM3u(res.body);
    expect(header['url-tvg']).to.equal(`http://${HOST}/iptv/xmltv.xml`);
    expect(entries.map((e) => e.attrs['tvg-chno'])).to.deep.equal(['2', '5', '9']); // by number; 3 is disabled
    for (const entry of entries) {
      expect(entry.duration).to.equal('-1');
      const url = new URL(entry.url); // throws unless absolute
      expect(url.origin).to.equal(`http://${HOST}`);
      expect(url.pathname).to.match(/^\/live\/[A-Za-z0-9_-]+\/master\.m3u8$/);
    }
    expect(entries.map((e) => new URL(e.url).pathname)).to.deep.equal(['/live/kids_1/master.m3u8', '/live/news/master.m3u8', '/live/plain/master.m3u8']);
    expect(res.body).to.not.contain('hidden');
  });

  it('keeps names and groups that hold quotes, commas and line breaks inside their entry', async () => {
    const { entries } = parseM3u((await get('/iptv/channels.m3u')).body);
    const [kids, news, plain] = entries;
    expect(kids?.attrs['tvg-name']).to.equal('Kids Two');
    expect(kids?.title).to.equal('Kids Two');
    expect(kids?.attrs['group-title']).to.equal("Family 'Fun', all day");
    expect(news?.attrs['tvg-name']).to.equal("News, 'Live'");
    expect(news?.title).to.equal("News, 'Live'"); // a comma in the title is fine
    expect(news?.attrs['group-title']).to.equal('Info');
    expect(plain?.attrs['group-title']).to.equal(''); // no group: an empty attribute
  });

  it('makes logos absolute (relative ones against the request), and leaves tvg-logo empty without one', async () => {
    const { entries } = parseM3u((await get('/iptv/channels.m3u')).body);
    expect(entries.map((e) => e.attrs['tvg-logo'])).to.deep.equal(['https://cdn.example/kids.png', `http://${HOST}/logos/news.png`, '']);
  });

  it('uses the protocol and Host of the request, and refuses a Host that is not one', async () => {
    const res = await h.inject({ method: 'GET', url: '/iptv/channels.m3u', headers: { host: '192.168.1.20:9000' } });
    expect(parseM3u(res.body).entries.every((e) => e.url.startsWith('http://192.168.1.20:9000/live/'))).to.equal(true);
    const bad = await h.inject({ method: 'GET', url: '/iptv/channels.m3u', headers: { host: 'evil.example/"x' } });
    expect([bad.statusCode, h.json(bad).code]).to.deep.equal([400, 'SS_BAD_HOST']);
  });

  it('gives tvg-ids equal to the XMLTV channel ids of /iptv/xmltv.xml, channel for channel', async () => {
    const { entries } = parseM3u((await get('/iptv/channels.m3u')).body);
    const xml = (await get('/iptv/xmltv.xml')).body;
    const guideIds = [...xml.matchAll(/<channel id="([^"]+)">\s*<display-name>([^<]*)<\/display-name>/g)].map((m) => m[1]);
    expect(entries.map((e) => e.attrs['tvg-id'])).to.deep.equal(guideIds);
    expect(guideIds).to.deep.equal(['kids-1.u4.streamsync', 'news.streamsync', 'plain.streamsync']);
  });

  it('answers 304 to a matching If-None-Match until the lineup changes', async () => {
    const res = await get('/iptv/channels.m3u');
    const again = await get('/iptv/channels.m3u', { 'if-none-match': String(res.headers.etag) });
    expect(again.statusCode).to.equal(304);
    await h.inject({ method: 'PATCH', url: '/v1/channels/plain', headers: AUTH, payload: { enabled: false } });
    const changed = await get('/iptv/channels.m3u', { 'if-none-match': String(res.headers.etag) });
    expect(changed.statusCode).to.equal(200);
    expect(parseM3u(changed.body).entries).to.have.length(2);
  });

  it('serves the guide of /v1/epg.xml from the current hour for guideHours, valid against the XMLTV DTD', async () => {
    h.clock.set(T0 + 90 * MINUTE);
    const hours = h.settings.services.iptv.guideHours;
    const res = await get('/iptv/xmltv.xml');
    expect(res.statusCode).to.equal(200);
    expect(res.headers['content-type']).to.match(/^application\/xml/);
    // a channel without a schedule is "Off air" over exactly the window
    const from = '20260101010000 +0000';
    const to = new Date(T0 + HOUR + hours * HOUR).toISOString().replace(/[-:T]/g, '').slice(0, 14) + ' +0000';
    expect(res.body).to.contain(`<programme start="${from}" stop="${to}" channel="plain.streamsync">`);
    expect(res.body).to.contain('<title>News at ten</title>');
    expect(res.body).to.contain(`<icon src="http://${HOST}/logos/news.png"/>`); // absolute for apps on other hosts

    const epg = await get(`/v1/epg.xml?from=${T0 + HOUR}&to=${T0 + HOUR + hours * HOUR}`);
    const shape = (xml: string) => [...xml.matchAll(/<(channel id|programme start)="[^>]*>/g)].map((m) => m[0]);
    expect(shape(res.body)).to.deep.equal(shape(epg.body)); // the same channels and programmes

    const file = join(h.settings.dataDir, 'iptv.xml');
    await writeFile(file, res.body);
    await run('xmllint', ['--noout', '--dtdvalid', '/usr/share/xmltv/xmltv.dtd', file]);
  });
});
