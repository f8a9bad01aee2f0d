// Small formatting helpers for what the viewer reads.

/** "21:05" in the device's local time zone. */
export function clockTime(epochMs: number): string {
  const d = new Date(epochMs);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** "21:05 – 21:35" */
export function timeRange(startMs: number, endMs: number): string {
  return `${clockTime(startMs)} – ${clockTime(endMs)}`;
}

/** Fraction of [startMs, endMs) elapsed at nowMs, clamped to 0..1. */
export function progress(startMs: number, endMs: number, nowMs: number): number {
  if (!(endMs > startMs)) return 0;
  return Math.min(1, Math.max(0, (nowMs - startMs) / (endMs - startMs)));
}
