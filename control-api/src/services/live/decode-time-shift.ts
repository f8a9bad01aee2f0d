// Moves a CMAF media segment onto a channel's timeline: adds a constant to its decode times (every
// moof/traf/tfdt baseMediaDecodeTime, and the sidx earliest presentation time) and changes nothing
// else, so the media stays byte-for-byte the pipeline's. With every airing shifted to where the
// schedule plays it, a channel's HLS timestamps run on across airing boundaries: players and tools that
// ignore EXT-X-DISCONTINUITY (ffmpeg, and the IPTV apps built on it) read it as one stream. Pure.

export class SegmentShapeError extends Error {
  readonly code = 'SS_LIVE_SEGMENT_SHAPE';
}

const U32_MAX = 0xffff_ffffn;

function boxes(buf: Buffer, from: number, to: number, visit: (type: string, start: number, size: number) => void): void {
  let off = from;
  while (off + 8 <= to) {
    let size = buf.readUInt32BE(off);
    const type = buf.toString('latin1', off + 4, off + 8);
    let header = 8;
    if (size === 1) {
      if (off + 16 > to) throw new SegmentShapeError(`${type}: truncated large size`);
      size = Number(buf.readBigUInt64BE(off + 8));
      header = 16;
    } else if (size === 0) size = to - off;
    if (size < header || off + size > to) throw new SegmentShapeError(`${type} box overruns its parent`);
    visit(type, off, size);
    off += size;
  }
}

/** Adds `delta` to a 32- or 64-bit time field after a version byte at `at` (version 1: 64-bit at `v1At`). */
function addTime(buf: Buffer, versionAt: number, v0At: number, v1At: number, delta: bigint, what: string): void {
  if (buf[versionAt] === 1) {
    const value = buf.readBigUInt64BE(v1At) + delta;
    if (value < 0n) throw new SegmentShapeError(`${what} would become negative`);
    buf.writeBigUInt64BE(value, v1At);
  } else {
    const value = BigInt(buf.readUInt32BE(v0At)) + delta;
    if (value < 0n || value > U32_MAX) throw new SegmentShapeError(`${what} does not fit its 32-bit field`);
    buf.writeUInt32BE(Number(value), v0At);
  }
}

/** A copy of `segment` with every decode time moved by `delta` (timescale units of the track). */
export function shiftDecodeTimes(segment: Buffer, delta: bigint): Buffer {
  const out = Buffer.from(segment);
  let shifted = 0;
  boxes(out, 0, out.length, (type, start, size) => {
    if (type === 'sidx') addTime(out, start + 8, start + 20, start + 20, delta, 'sidx earliest presentation time');
    if (type !== 'moof') return;
    boxes(out, start + 8, start + size, (child, cStart, cSize) => {
      if (child !== 'traf') return;
      boxes(out, cStart + 8, cStart + cSize, (leaf, lStart) => {
        if (leaf !== 'tfdt') return;
        addTime(out, lStart + 8, lStart + 12, lStart + 12, delta, 'tfdt base media decode time');
        shifted += 1;
      });
    });
  });
  if (shifted === 0) throw new SegmentShapeError('no moof/traf/tfdt: not a CMAF media segment');
  return out;
}
