// The wire shapes are defined once (TypeBox, src/core/wire.ts); the TV app checks the retained
// `channels/{id}/now` messages with the protocol's hand-written parser so no schema code ships in its
// bundle. These tests hold that parser to the schema: every field the schema requires, missing or of
// the wrong type, is refused by both.
import { expect } from 'chai';
import { Value } from '@sinclair/typebox/value';
import type { TSchema } from '@sinclair/typebox';
import { parseChannelNow } from '../../src/core/protocol.js';
import { ChannelNow } from '../../src/core/wire.js';

const program = (id: string, startMs: number) => ({
  id,
  channelId: 'c1',
  assetId: 'a1',
  title: 'News',
  startMs,
  endMs: startMs + 60_000,
  inMs: 0,
  outMs: 60_000,
  kind: 'program' as const,
  part: 1,
  parts: 1,
  resumesAtMs: null,
  dashUrl: '/media/a1/manifest.mpd',
  hlsUrl: '/media/a1/master.m3u8',
  posterUrl: null,
  start: new Date(startMs).toISOString(),
  end: new Date(startMs + 60_000).toISOString(),
});

const valid = {
  serverTimeMs: 1_000,
  channel: { id: 'c1', number: 1, name: 'One', logoUrl: null, group: '' },
  current: program('p1', 0),
  next: program('p2', 60_000),
  program: program('p1', 0),
  offsetMs: 1_000,
};

type Json = Record<string, unknown>;

/** A value no schema type accepts where `schema` expects its own. */
function wrongValueFor(schema: TSchema): unknown {
  const types = (schema.anyOf ?? [schema]).map((s: TSchema) => s.type as string);
  if (types.includes('string')) return 42;
  if (types.includes('integer')) return 'x';
  return 'x';
}

/** Every [path, field schema] of the schema's required object fields, nested objects included. */
function requiredFields(schema: TSchema, path: string[] = []): Array<[string[], TSchema]> {
  const out: Array<[string[], TSchema]> = [];
  const objectOf = (s: TSchema): TSchema | undefined => (s.type === 'object' ? s : s.anyOf?.find((x: TSchema) => x.type === 'object'));
  for (const [key, field] of Object.entries(schema.properties as Record<string, TSchema>)) {
    if (!(schema.required as string[] | undefined)?.includes(key)) continue;
    out.push([[...path, key], field]);
    const nested = objectOf(field);
    if (nested) out.push(...requiredFields(nested, [...path, key]));
  }
  return out;
}

function withField(value: Json, path: string[], change: (parent: Json, key: string) => void): Json {
  const copy = structuredClone(value);
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Json;
  change(parent, path[path.length - 1] as string);
  return copy;
}

const encode = (now: Json) => JSON.stringify({ v: 1, ...now });

describe('core/wire', () => {
  it('a ChannelNow the schema accepts is accepted by the TV app parser', () => {
    expect(Value.Check(ChannelNow, valid)).to.equal(true);
    expect(parseChannelNow(encode(valid)).ok).to.equal(true);
    expect(parseChannelNow(encode({ ...valid, current: null, next: null, program: null, offsetMs: null })).ok).to.equal(true);
  });

  it('a program may carry a rating (absent: unrated); the schema refuses one outside its scheme', () => {
    const rated = { ...valid, current: { ...program('p1', 0), rating: { scheme: 'us-tv', value: 'TV-14' } }, program: { ...program('p1', 0), rating: { scheme: 'age', value: 16 } } };
    expect(Value.Check(ChannelNow, rated)).to.equal(true);
    expect(parseChannelNow(encode(rated)).ok).to.equal(true);
    const outside = { ...valid, current: { ...program('p1', 0), rating: { scheme: 'us-tv', value: 'R' } } };
    expect(Value.Check(ChannelNow, outside)).to.equal(false);
    expect(parseChannelNow(encode(outside)).ok, "the TV's parser refuses it too").to.equal(false);
    expect(Value.Check(ChannelNow, { ...valid, current: { ...program('p1', 0), rating: null } })).to.equal(false);
    expect(parseChannelNow(encode({ ...valid, current: { ...program('p1', 0), rating: null } })).ok).to.equal(false);
  });

  it("a channel may say whether it allows start-over (absent: allowed, as older payloads parse); the schema refuses a non-boolean", () => {
    for (const startOver of [true, false]) {
      const said = { ...valid, channel: { ...valid.channel, startOver } };
      expect(Value.Check(ChannelNow, said)).to.equal(true);
      expect(parseChannelNow(encode(said)).ok).to.equal(true);
    }
    expect(Value.Check(ChannelNow, { ...valid, channel: { ...valid.channel, startOver: 'no' } })).to.equal(false);
    expect(parseChannelNow(encode({ ...valid, channel: { ...valid.channel, startOver: 'no' } })).ok).to.equal(false);
  });

  const fields = requiredFields(ChannelNow);

  it('covers the nested fields of the channel and both programs', () => {
    const names = fields.map(([p]) => p.join('.'));
    expect(names).to.include.members(['channel.group', 'channel.logoUrl', 'current.inMs', 'next.posterUrl', 'offsetMs']);
  });

  for (const [path, field] of fields) {
    const name = path.join('.');
    it(`refuses a ChannelNow without ${name}, or with ${name} of the wrong type`, () => {
      const missing = withField(valid, path, (parent, key) => delete parent[key]);
      const wrong = withField(valid, path, (parent, key) => (parent[key] = wrongValueFor(field)));
      expect(Value.Check(ChannelNow, missing), 'schema, missing').to.equal(false);
      expect(Value.Check(ChannelNow, wrong), 'schema, wrong type').to.equal(false);
      const parsedMissing = parseChannelNow(encode(missing));
      const parsedWrong = parseChannelNow(encode(wrong));
      expect(parsedMissing.ok, 'parser, missing').to.equal(false);
      expect(parsedWrong.ok, 'parser, wrong type').to.equal(false);
      if (!parsedMissing.ok) expect(parsedMissing.error.code).to.equal('SS_PROTO_BAD_FIELD');
    });
  }
});
