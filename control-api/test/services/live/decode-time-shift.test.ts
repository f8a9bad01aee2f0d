import { expect } from 'chai';
import { SegmentShapeError, shiftDecodeTimes } from '../../../src/services/live/decode-time-shift.js';

function box(type: string, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(8 + body.length);
  head.write(type, 4, 'latin1');
  return Buffer.concat([head, body]);
}

const full = (version: number) => Buffer.from([version, 0, 0, 0]);
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};
const u64 = (n: bigint) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(n);
  return b;
};

/** A CMAF media segment as ffmpeg's dash muxer writes it: styp, sidx (v1), moof with one traf (tfdt v1 or v0), mdat. */
function segment(o: { tfdt: bigint; version?: 0 | 1; sidxEpt?: bigint }): Buffer {
  const version = o.version ?? 1;
  const tfdt = box('tfdt', full(version), version === 1 ? u64(o.tfdt) : u32(Number(o.tfdt)));
  const sidx = box('sidx', full(1), u32(1), u32(12_800), u64(o.sidxEpt ?? o.tfdt), u64(0n), Buffer.alloc(4), Buffer.alloc(12));
  return Buffer.concat([box('styp', Buffer.from('msdh')), sidx, box('moof', box('mfhd', full(0), u32(7)), box('traf', box('tfhd', full(0), u32(1)), tfdt, box('trun', full(0), u32(0)))), box('mdat', Buffer.from('media bytes'))]);
}

const tfdtOf = (b: Buffer) => {
  const at = b.indexOf('tfdt', 0, 'latin1');
  return b[at + 4] === 1 ? b.readBigUInt64BE(at + 8) : BigInt(b.readUInt32BE(at + 8));
};
const sidxOf = (b: Buffer) => b.readBigUInt64BE(b.indexOf('sidx', 0, 'latin1') + 16);

describe('services/live/decode-time-shift', () => {
  it('adds the shift to tfdt and the sidx earliest presentation time, and changes no other byte', () => {
    const before = segment({ tfdt: 25_600n });
    const shift = 22_620_000_000_000n;
    const after = shiftDecodeTimes(before, shift);
    expect(tfdtOf(after)).to.equal(25_600n + shift);
    expect(sidxOf(after)).to.equal(25_600n + shift);
    expect(tfdtOf(before), 'the input is left as it was').to.equal(25_600n);
    const changed = [...after].map((x, i) => (x === before[i] ? -1 : i)).filter((i) => i >= 0);
    const tfdtAt = after.indexOf('tfdt', 0, 'latin1') + 8;
    const sidxAt = after.indexOf('sidx', 0, 'latin1') + 16;
    expect(changed.every((i) => (i >= tfdtAt && i < tfdtAt + 8) || (i >= sidxAt && i < sidxAt + 8))).to.equal(true);
    expect(after.length).to.equal(before.length);
  });

  it('shifts a 32-bit tfdt while it fits, and refuses with a coded error when it would not', () => {
    expect(tfdtOf(shiftDecodeTimes(segment({ tfdt: 1_000n, version: 0, sidxEpt: 1_000n }), 5_000n))).to.equal(6_000n);
    expect(() => shiftDecodeTimes(segment({ tfdt: 1_000n, version: 0 }), 0x1_0000_0000n)).to.throw(SegmentShapeError, /32-bit/);
  });

  it('refuses what is not a media segment, and boxes that overrun their parent', () => {
    expect(() => shiftDecodeTimes(box('ftyp', Buffer.from('iso6')), 1n)).to.throw(SegmentShapeError, /not a CMAF media segment/);
    const broken = segment({ tfdt: 1n });
    broken.writeUInt32BE(broken.length * 2, broken.indexOf('moof', 0, 'latin1') - 4);
    try {
      shiftDecodeTimes(broken, 1n);
      expect.fail('no error');
    } catch (err) {
      expect((err as SegmentShapeError).code).to.equal('SS_LIVE_SEGMENT_SHAPE');
    }
  });
});
