// The sync statistics overlay's lines, from the clock estimate, the playback controller, the
// playing rung and the buffer. Pure; the overlay samples and draws them a few times a second.

export interface SyncStatsInput {
  clock: { offsetMs: number; uncertaintyMs: number; state: string } | null;
  sync: { state: string; errorMs: number | null; rate: number } | null;
  rung: { height: number | null; bandwidth: number } | null;
  bufferAheadSec: number | null;
  quality: 'auto' | number;
}

const ms = (x: number, digits = 1) => (Number.isFinite(x) ? `${x >= 0 ? '+' : ''}${x.toFixed(digits)} ms` : '—');

export function statsLines(i: SyncStatsInput): string[] {
  const c = i.clock;
  const s = i.sync;
  const rung = i.rung;
  return [
    `Clock offset  ${c ? ms(c.offsetMs) : '—'}  ± ${c && Number.isFinite(c.uncertaintyMs) ? c.uncertaintyMs.toFixed(1) : '—'} ms  (${c?.state ?? 'none'})`,
    `Position error  ${s && s.errorMs !== null ? ms(s.errorMs, 2) : '—'}  (${s?.state ?? 'idle'})`,
    `Playback rate  ${s ? s.rate.toFixed(4) : '—'}`,
    `Rung  ${rung?.height ? `${rung.height}p` : '—'}  ${rung ? `${Math.round(rung.bandwidth / 1000)} kbit/s` : ''}  (${i.quality === 'auto' ? 'auto' : `fixed ${i.quality}p`})`,
    `Buffer ahead  ${i.bufferAheadSec === null ? '—' : `${i.bufferAheadSec.toFixed(2)} s`}`,
  ];
}

export interface BufferedLike {
  length: number;
  start(i: number): number;
  end(i: number): number;
}

/** Seconds buffered ahead of `currentTime` (the range holding it), 0 when none. */
export function bufferAhead(buffered: BufferedLike, currentTime: number): number {
  for (let i = 0; i < buffered.length; i++) {
    if (currentTime >= buffered.start(i) - 0.05 && currentTime <= buffered.end(i)) return Math.max(0, buffered.end(i) - currentTime);
  }
  return 0;
}

/**
 * Seconds buffered ahead of `positionSec`, Infinity when that range runs to the media's end
 * (`durationSec`): near the end of a program there is nothing more to fetch, so a short buffer
 * is all the media has, not a reason to load it again.
 */
export function bufferedThrough(buffered: BufferedLike, positionSec: number, durationSec: number): number {
  const ahead = bufferAhead(buffered, positionSec);
  return ahead > 0 && Number.isFinite(durationSec) && positionSec + ahead >= durationSec - MEDIA_END_SLACK_SEC ? Number.POSITIVE_INFINITY : ahead;
}

const MEDIA_END_SLACK_SEC = 0.05; // a range ending this close to the duration reaches the end (s)
