// The one position formula: which program is on air at a time, and how far into its asset the
// picture is. The server's "now", the broker's chat stamps, the TV's tuning and preloads and the
// guide all use these. Times are epoch milliseconds on the server's clock.

/** An airing interval [startMs, endMs) that starts `inMs` into its asset. */
export interface Airing {
  startMs: number;
  endMs: number;
  /** Milliseconds into the asset at startMs (0 when absent). */
  inMs?: number;
}

/** True when `t` lies in [startMs, endMs). */
export function isOnAir(span: { startMs: number; endMs: number }, t: number): boolean {
  return t >= span.startMs && t < span.endMs;
}

/** The program on air at `t` of a channel's current and next, or null when neither is. */
export function programAt<P extends { startMs: number; endMs: number }>(current: P | null | undefined, next: P | null | undefined, t: number): P | null {
  if (current && isOnAir(current, t)) return current;
  if (next && isOnAir(next, t)) return next;
  return null;
}

/** Milliseconds into the program's asset at `t`: inMs + (t - startMs). Negative before the start. */
export function offsetMs(program: { startMs: number; inMs?: number }, t: number): number {
  return (program.inMs ?? 0) + (t - program.startMs);
}

/** The time at which the program's picture is `assetMs` into its asset: the inverse of `offsetMs`. */
export function timeAtOffset(program: { startMs: number; inMs?: number }, assetMs: number): number {
  return program.startMs + assetMs - (program.inMs ?? 0);
}
