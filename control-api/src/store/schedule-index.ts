// Pure helpers over one channel's schedule: an array of programs sorted by startMs that do not
// overlap. Window lookups are binary searches (cost grows with log(programs)).
import type { Program } from '../contracts/lineup.js';

/** Index of the first program with startMs >= t (programs.length when none). */
export function firstStartingAtOrAfter(programs: readonly Program[], t: number): number {
  let lo = 0;
  let hi = programs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const p = programs[mid];
    if (p !== undefined && p.startMs < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Bounds [begin, end) of the programs with endMs > fromMs and startMs < toMs. */
export function windowBounds(programs: readonly Program[], fromMs: number, toMs: number): [number, number] {
  let begin = firstStartingAtOrAfter(programs, fromMs);
  // Programs do not overlap, so ends are sorted too: walk back over the ones still running at fromMs.
  while (begin > 0 && (programs[begin - 1]?.endMs ?? -Infinity) > fromMs) begin -= 1;
  const end = Math.max(begin, firstStartingAtOrAfter(programs, toMs));
  return [begin, end];
}

/** Programs with endMs > fromMs and startMs < toMs, sorted by startMs. */
export function programsInWindow(programs: readonly Program[], fromMs: number, toMs: number): Program[] {
  if (!(toMs > fromMs)) return [];
  const [begin, end] = windowBounds(programs, fromMs, toMs);
  return programs.slice(begin, end).filter((p) => p.endMs > fromMs && p.startMs < toMs);
}

export function byStart(a: Program, b: Program): number {
  return a.startMs - b.startMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The schedule after removing every program overlapping [fromMs, toMs) and adding `incoming`. */
export function replaceWindow(
  programs: readonly Program[],
  fromMs: number,
  toMs: number,
  incoming: readonly Program[],
): { next: Program[]; removed: Program[] } {
  const removed = programs.filter((p) => p.endMs > fromMs && p.startMs < toMs);
  const kept = programs.filter((p) => !(p.endMs > fromMs && p.startMs < toMs));
  return { next: [...kept, ...incoming].sort(byStart), removed };
}
