import { createHash, randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { sha256, sha256Hex, toHex } from '../../../src/lib/util/sha256.js';

describe('lib/util/sha256', () => {
  it('gives the FIPS 180-4 digests of the standard messages', () => {
    expect(sha256Hex('')).to.equal('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).to.equal('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).to.equal('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
  });

  it("agrees with Node's crypto on every length around the block and padding edges, and on UTF-8", () => {
    for (let n = 0; n <= 130; n++) {
      const bytes = randomBytes(n);
      expect(toHex(sha256(new Uint8Array(bytes))), `${n} bytes`).to.equal(createHash('sha256').update(bytes).digest('hex'));
    }
    expect(sha256Hex('PIN ✓ 1234')).to.equal(createHash('sha256').update('PIN ✓ 1234', 'utf8').digest('hex'));
  });
});
