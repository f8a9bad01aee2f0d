/**
 * Where a program's media should be at a given server time: the one formula every viewer shares.
 *
 * Usage:
 * ```ts
 * import { targetPositionSec, serverTimeAtPositionMs } from './target-position.js';
 * const program = { id: 'p1', startMs: 1_700_000_000_000, inMs: 5_000 };
 * targetPositionSec(program, 1_700_000_002_500);   // 7.5 (seconds into the asset)
 * serverTimeAtPositionMs(program, 7.5);            // 1_700_000_002_500 (epoch ms, server clock)
 * ```
 *
 * Pure functions: no clock is read here; server time always comes in as an argument. The formula
 * itself is `offsetMs` of `../on-air.ts`, shared with the server; these are its seconds view.
 */
import { offsetMs, timeAtOffset } from '../on-air.js';

/**
 * The program a player should follow. Structurally compatible with the wire's `AiringProgram`
 * (an airing program can be passed as is).
 */
export interface ProgramTarget {
  /** Identity of the program; a change of id (or of startMs/inMs) is a program boundary. */
  readonly id?: string;
  /** Server time (epoch ms, UTC) at which the program starts airing. */
  readonly startMs: number;
  /** Milliseconds into the asset at startMs (0 when the program plays the asset from its start). */
  readonly inMs?: number;
  /** Server time (epoch ms) at which the program stops airing, when known. Informational here. */
  readonly endMs?: number;
}

/**
 * Target media position (seconds into the asset) of `program` at server time `serverTimeMs`
 * (epoch ms): `inMs / 1000 + (serverTimeMs - startMs) / 1000`. Negative before the program has
 * reached its first frame (a program that has not started yet); never clamped, so callers can tell.
 */
export function targetPositionSec(program: ProgramTarget, serverTimeMs: number): number {
  return offsetMs(program, serverTimeMs) / 1000;
}

/**
 * Inverse of {@link targetPositionSec}: the server time (epoch ms) at which the schedule of
 * `program` reaches media position `positionSec` (seconds into the asset).
 */
export function serverTimeAtPositionMs(program: ProgramTarget, positionSec: number): number {
  return timeAtOffset(program, positionSec * 1000);
}

/** True when `a` and `b` denote the same airing (same id, start and in-point). */
export function sameProgram(a: ProgramTarget | null, b: ProgramTarget | null): boolean {
  if (a === null || b === null) return a === b;
  return a.id === b.id && a.startMs === b.startMs && (a.inMs ?? 0) === (b.inMs ?? 0);
}
