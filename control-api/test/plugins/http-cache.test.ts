import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { etagMatches, fnv1a } from '../../src/plugins/http-cache.js';
import { bearerMatches } from '../../src/plugins/auth.js';

describe('plugins/http-cache', () => {
  const cases: Array<[string | undefined, string, boolean]> = [
    [undefined, 'W/"a"', false],
    ['W/"a"', 'W/"a"', true],
    ['"a"', 'W/"a"', true],
    ['"b", W/"a"', 'W/"a"', true],
    ['"b"', 'W/"a"', false],
    ['*', 'W/"a"', true],
    ['W/"ab"', 'W/"a"', false],
    // strong tags as the media origin sends them
    ['"18b-3e8"', '"18b-3e8"', true],
    ['W/"18b-3e8"', '"18b-3e8"', true],
    ['"a", "b","18b-3e8"', '"18b-3e8"', true],
    ['*', '"18b-3e8"', true],
    ['"18b-3e9"', '"18b-3e8"', false],
    ['', '"18b-3e8"', false],
  ];
  for (const [header, etag, want] of cases) {
    it(`If-None-Match ${JSON.stringify(header)} vs ${etag} -> ${want}`, () => expect(etagMatches(header, etag)).to.equal(want));
  }
  it('fingerprints with FNV-1a', () => {
    expect(fnv1a('')).to.equal('811c9dc5');
    expect(fnv1a('a')).to.equal('e40c292c');
    expect(fnv1a('a/b')).to.not.equal(fnv1a('b/a'));
  });
});

describe('plugins/auth bearerMatches', () => {
  const key = 'the-broadcaster-key-123456';
  const digest = createHash('sha256').update(key).digest();
  const cases: Array<[string | undefined, boolean]> = [
    [`Bearer ${key}`, true],
    [`bearer ${key}`, true],
    [`Bearer  ${key} `, true],
    [undefined, false],
    ['', false],
    [key, false],
    [`Bearer ${key} extra`, false],
    [`Bearer ${key.slice(1)}`, false],
    [`Bearer ${'x'.repeat(5000)}`, false],
  ];
  for (const [header, want] of cases) {
    it(`${JSON.stringify(header?.slice(0, 40))} -> ${want}`, () => expect(bearerMatches(header, digest)).to.equal(want));
  }
});
