// MPEG-TS packet framing, for viewers who join a remux already running: they start at a packet that
// opens a PAT (program association table), so their demuxer finds the programs at once; ffmpeg's muxer
// writes PAT and PMT every 0.1 s and before every video keyframe.

/** Bytes per MPEG-TS packet (ISO/IEC 13818-1; M2TS's 192-byte packets are not used here). */
export const TS_PACKET_BYTES = 188;
/** First byte of every packet. */
export const TS_SYNC_BYTE = 0x47;

/**
 * Offset in `chunk` of the first packet that starts a PAT (PID 0 with payload_unit_start_indicator),
 * given that `chunk` begins at byte `position` of a stream of whole packets; -1 when none does. Only
 * packets whose 4-byte header lies wholly in the chunk are looked at (the next PAT is 0.1 s away).
 */
export function firstPatOffset(chunk: Uint8Array, position: number): number {
  const first = (TS_PACKET_BYTES - (position % TS_PACKET_BYTES)) % TS_PACKET_BYTES;
  for (let at = first; at + 4 <= chunk.length; at += TS_PACKET_BYTES) {
    const b1 = chunk[at + 1] ?? 0;
    if (chunk[at] === TS_SYNC_BYTE && (b1 & 0x40) !== 0 && (b1 & 0x1f) === 0 && chunk[at + 2] === 0) return at;
  }
  return -1;
}
