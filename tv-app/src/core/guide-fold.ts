// How a guide lists a programmed channel: one entry per program. The parts of a program split by
// breaks, its breaks and the filler and slate clips after it are folded into it (it ends where the
// next program starts); filler before the first program of a listing stays an entry of its own, and
// a gap (nothing on air) ends an entry. The server's XMLTV and the TV's guide both list this way.
import type { AiringKind } from './wire.js';

export interface GuideAiring {
  startMs: number;
  endMs: number;
  /** Absent: a program (older data and explicit schedules are all programs). */
  kind?: AiringKind;
  part?: number;
}

/** `airings` sorted by start; returns entries sorted by start, each the first airing of its run with the run's end. */
export function foldIntoPrograms<T extends GuideAiring>(airings: readonly T[]): T[] {
  const out: T[] = [];
  for (const a of airings) {
    const last = out[out.length - 1];
    const kind = a.kind ?? 'program';
    const startsProgram = kind === 'program' && (a.part ?? 1) === 1;
    const lastIsProgram = (last?.kind ?? 'program') === 'program';
    if (last && !startsProgram && (lastIsProgram || kind !== 'program') && a.startMs <= last.endMs) {
      if (a.endMs > last.endMs) out[out.length - 1] = { ...last, endMs: a.endMs };
    } else {
      out.push(a);
    }
  }
  return out;
}
