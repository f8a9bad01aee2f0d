// Moves a WebVTT segment onto a channel's timeline the least invasive way: only its X-TIMESTAMP-MAP
// header changes (MPEGTS gains the shift; LOCAL and every cue time stay the pipeline's), so a cue maps
// to the same moved media time as the video beside it. hls.js and Shaka read the map against the fMP4
// video's decode times (MPEGTS/90000 s), unwrapped, so the value is not taken modulo 2^33. Pure.

const MAP_LINE = /^X-TIMESTAMP-MAP=(.*)$/m;

/** A copy of a WebVTT text with its X-TIMESTAMP-MAP moved by `delta90k` (a map "MPEGTS:0,LOCAL:0" is added when absent). */
export function shiftVttTimestampMap(text: string, delta90k: bigint): string {
  const found = MAP_LINE.exec(text);
  if (!found) {
    const headerEnd = text.search(/\r?\n/);
    const map = `X-TIMESTAMP-MAP=MPEGTS:${delta90k},LOCAL:00:00:00.000`;
    return headerEnd < 0 ? `${text}\n${map}\n` : `${text.slice(0, headerEnd)}\n${map}${text.slice(headerEnd)}`;
  }
  const fields = (found[1] ?? '').split(',').map((f) => {
    const m = /^(\s*MPEGTS:)(\d+)(\s*)$/.exec(f);
    return m ? `${m[1]}${BigInt(m[2] ?? '0') + delta90k}${m[3]}` : f;
  });
  return text.replace(MAP_LINE, `X-TIMESTAMP-MAP=${fields.join(',')}`);
}
