import { expect } from 'chai';
import { isInside, parseMediaPath } from '../../../src/routes/media/media-path.js';

function failure(url: string): { statusCode: number; code: string } | null {
  try {
    parseMediaPath(url, '/media/');
    return null;
  } catch (err) {
    const e = err as { statusCode: number; code: string };
    return { statusCode: e.statusCode, code: e.code };
  }
}

describe('routes/media/media-path', () => {
  const accepted: Array<[string, string[]]> = [
    ['/media/abc/manifest.mpd', ['abc', 'manifest.mpd']],
    ['/media/abc/seg-0-00001.m4s?x=1', ['abc', 'seg-0-00001.m4s']],
    ['/media/abc/with%20space.jpg', ['abc', 'with space.jpg']],
    ['/media/abc/caf%C3%A9.json', ['abc', 'café.json']],
    ['/media/a..b/c..', ['a..b', 'c..']],
  ];
  for (const [url, segments] of accepted) {
    it(`accepts ${url}`, () => {
      expect(parseMediaPath(url, '/media/')).to.deep.equal(segments);
    });
  }

  const refused: Array<[string, number]> = [
    ['/media/../x', 400],
    ['/media/a/../../x', 400],
    ['/media/./x', 400],
    ['/media/%2e%2e/x', 400],
    ['/media/.%2E/x', 400],
    ['/media/a%2fb', 400],
    ['/media/a%2Fb', 400],
    ['/media/a%5cb', 400],
    ['/media/a\\b', 400],
    ['/media/a%00b', 400],
    ['/media/a\u0000b', 400],
    ['/media/a%01b', 400],
    ['/media/a%252e%252e', 400],
    ['/media/%c0%ae', 400],
    ['/media/%', 400],
    ['/media/a//b', 400],
    ['/other/x', 400],
    [`/media/${'a/'.repeat(20)}b`, 400],
    [`/media/${'a'.repeat(2000)}`, 400],
    ['/media/', 404],
    ['/media/abc/', 404],
    ['/media/.staging/x', 404],
    ['/media/abc/.hidden', 404],
    ['/media/%2estaging/x', 404],
  ];
  for (const [url, status] of refused) {
    it(`refuses ${JSON.stringify(url.length > 60 ? `${url.slice(0, 40)}...` : url)} with ${status}`, () => {
      const f = failure(url);
      expect(f).to.not.equal(null);
      expect(f?.statusCode).to.equal(status);
      expect(f?.code).to.equal(status === 400 ? 'SS_MEDIA_BAD_PATH' : 'SS_MEDIA_NOT_FOUND');
    });
  }

  it('isInside does not confuse sibling folders with a common prefix', () => {
    expect(isInside('/srv/media', '/srv/media/a/b')).to.equal(true);
    expect(isInside('/srv/media', '/srv/media-old/a')).to.equal(false);
    expect(isInside('/srv/media', '/srv/media')).to.equal(false);
    expect(isInside('/srv/media/', '/srv/media/x')).to.equal(true);
  });
});
