// bench:capacity, pure part — the upward search over viewer levels of one broker node: which levels
// to run (bounded by --max-viewers and by the file descriptors a process may hold), whether a level
// holds (every viewer connected, p95 delivery within the limit, time exchanges answered), and what
// the search found. No I/O: capacity.ts runs the levels, this decides.

export const SEARCH_DEFAULTS = {
  /** Delivery latency a level must hold at its p95 (ms). */
  deliveryP95LimitMs: 100, // milliseconds
  /** Time exchanges that may go unanswered in a level (share of those sent). */
  maxTimeLossShare: 0.01, // ratio
  /** File descriptors a broker process keeps for itself (listeners, pipes, logs, libraries). */
  fdReserve: 500, // file descriptors
} as const;

/** What kept a search from going higher: a bound, or the end of the level list. */
export type SearchBound = 'max-viewers' | 'file descriptors' | 'levels';

export interface LevelPlan {
  /** Levels to run, ascending. */
  levels: number[];
  /** What cut the list (the top level is then the bound itself), or null. */
  boundedBy: Exclude<SearchBound, 'levels'> | null;
  /** Viewers one process may hold by its file descriptors (one socket each). */
  fdViewers: number;
}

/**
 * The levels to run: the given ones up to the bounds, ascending, without repeats; when a bound cut
 * some, the bound itself as the last level (so a node that holds them all is measured at the bound).
 * The broker process holds one socket per viewer, so `ulimit -n` less a reserve bounds a level.
 */
export function planLevels(levels: readonly number[], o: { maxViewers: number; fdLimit: number; fdReserve?: number }): LevelPlan {
  const fdViewers = Math.max(0, o.fdLimit - (o.fdReserve ?? SEARCH_DEFAULTS.fdReserve));
  const top = Math.min(o.maxViewers, fdViewers);
  const sorted = [...new Set(levels.filter((l) => Number.isInteger(l) && l > 0))].sort((a, b) => a - b);
  const kept = sorted.filter((l) => l <= top);
  const cut = kept.length < sorted.length;
  if (cut && top > 0 && kept.at(-1) !== top) kept.push(top);
  const boundedBy: LevelPlan['boundedBy'] = !cut ? null : fdViewers < o.maxViewers ? 'file descriptors' : 'max-viewers';
  return { levels: kept, boundedBy, fdViewers };
}

export interface LevelOutcome {
  viewers: number;
  /** Viewers connected and subscribed when the measurement began. */
  connected: number;
  /** p95 of every server-stamped delivery (beacon, chat, reactions, now), ms; null: none arrived. */
  deliveryP95Ms: number | null;
  timeSent: number;
  timeAnswered: number;
}

export type Verdict = { holds: true } | { holds: false; reason: string };

/** Whether one broker node held a level. */
export function judgeLevel(o: LevelOutcome, limits: { deliveryP95LimitMs: number; maxTimeLossShare: number } = SEARCH_DEFAULTS): Verdict {
  if (o.connected < o.viewers) return { holds: false, reason: `${o.viewers - o.connected} of ${o.viewers} viewers could not connect` };
  if (o.deliveryP95Ms === null) return { holds: false, reason: 'no delivery arrived' };
  if (o.deliveryP95Ms > limits.deliveryP95LimitMs) return { holds: false, reason: `delivery p95 ${o.deliveryP95Ms.toFixed(1)} ms > ${limits.deliveryP95LimitMs} ms` };
  const lost = o.timeSent === 0 ? 0 : (o.timeSent - o.timeAnswered) / o.timeSent;
  if (lost > limits.maxTimeLossShare) return { holds: false, reason: `${(lost * 100).toFixed(1)} % of time exchanges unanswered` };
  return { holds: true };
}

export interface SearchResult {
  /** The largest level held, or null when the first failed. */
  maxViewers: number | null;
  /** The first level that failed (the search stops there), or null. */
  firstFailure: number | null;
  /** Set when every level held (the figure is then a floor): the bound or the end of the list that stopped the search. */
  boundedBy: SearchBound | null;
}

/** Whether to run another level after these outcomes (the search stops at the first failure). */
export function shouldContinue(verdicts: readonly Verdict[]): boolean {
  return verdicts.every((v) => v.holds);
}

/** What the search found, from the levels run in order and their verdicts. */
export function searchResult(plan: LevelPlan, run: ReadonlyArray<{ viewers: number; verdict: Verdict }>): SearchResult {
  let maxViewers: number | null = null;
  for (const r of run) {
    if (!r.verdict.holds) return { maxViewers, firstFailure: r.viewers, boundedBy: null };
    maxViewers = r.viewers;
  }
  const reachedTop = run.length === plan.levels.length && run.length > 0;
  return { maxViewers, firstFailure: null, boundedBy: reachedTop ? (plan.boundedBy ?? 'levels') : null };
}
