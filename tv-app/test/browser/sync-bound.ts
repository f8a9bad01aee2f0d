// What "in sync" means for a run of samples taken on a real, shared machine: every sample within
// the bound, except the product's recovery from one disturbance (the media clock of a loaded
// 2-core machine stopping for a moment): one short run of samples beyond the bound, not too far
// off, after a sample in sync and followed by samples in sync again. A steady offset, a slow
// drift, a late join that is not caught up, or two disturbances in one window all fail. A window
// that ends inside a disturbance is sampled on (a few samples more) to see whether it recovers; one
// that starts inside a disturbance counts it only where the test saw the viewer locked just before.

export interface SyncBoundRule {
  /** |error| allowed on every sample (ms). */
  boundMs: number;
  /** The longest run of samples beyond the bound that counts as one recovered disturbance. */
  maxRecoverySamples: number;
  /** |error| a disturbance may reach (ms): beyond it, the product should have seeked. */
  maxDisturbanceMs: number;
  /** The test saw the viewer locked right before the first sample: a run at the start is a disturbance too. */
  inSyncBefore?: boolean;
}

export interface SyncVerdict {
  ok: boolean;
  /** Why not, or how a tolerated disturbance looked. */
  note: string;
}

/** Judges `errors` (ms, in sampling order) against `rule`. */
export function judgeSync(errors: readonly number[], rule: SyncBoundRule): SyncVerdict {
  const beyond = errors.map((e) => Math.abs(e) > rule.boundMs);
  const runs: Array<{ from: number; to: number }> = [];
  beyond.forEach((b, i) => {
    if (!b) return;
    const last = runs.at(-1);
    if (last && last.to === i - 1) last.to = i;
    else runs.push({ from: i, to: i });
  });
  if (runs.length === 0) return { ok: true, note: 'every sample within the bound' };
  const run = runs[0];
  if (runs.length > 1 || !run) return { ok: false, note: `${runs.length} runs of samples beyond ${rule.boundMs} ms` };
  const length = run.to - run.from + 1;
  const worst = Math.max(...errors.slice(run.from, run.to + 1).map(Math.abs));
  if (run.from === 0 && !rule.inSyncBefore) return { ok: false, note: 'beyond the bound from the first sample' };
  if (run.to === errors.length - 1) return { ok: false, note: 'still beyond the bound at the last sample' };
  if (length > rule.maxRecoverySamples) return { ok: false, note: `${length} samples in a row beyond the bound (a recovery may take ${rule.maxRecoverySamples})` };
  if (worst > rule.maxDisturbanceMs) return { ok: false, note: `a disturbance of ${worst.toFixed(1)} ms (over ${rule.maxDisturbanceMs} ms)` };
  return { ok: true, note: `one disturbance of ${worst.toFixed(1)} ms over ${length} sample(s), recovered` };
}

/** |error| a tolerated disturbance may reach (ms): half the controller's seek threshold. */
export const MAX_DISTURBANCE_MS = 150;
/** Samples in a row beyond the bound that still count as one recovered disturbance. */
export const MAX_RECOVERY_SAMPLES = 6;

/**
 * True while the last samples are beyond the bound in a run shorter than a recovery may take: the
 * window ends inside a disturbance, so a sampler takes more to see whether it recovers.
 */
export function awaitsRecovery(errors: readonly number[], boundMs: number, maxRecoverySamples = MAX_RECOVERY_SAMPLES): boolean {
  let trailing = 0;
  for (let i = errors.length - 1; i >= 0 && Math.abs(errors[i] ?? 0) > boundMs; i -= 1) trailing += 1;
  return trailing > 0 && trailing <= maxRecoverySamples;
}

/** A moment of a picture's sync: a logged frame's wall time and its |media clock - schedule| (null: none). */
export interface TimedError {
  wall: number;
  errorMs: number | null;
}

/**
 * The samples of a frame log (one airing's frames, in order) for the window [fromWall, toWall]: a
 * frame every `everyMs`; a frame with no error counts as beyond any bound. While the window ends
 * inside a disturbance, later frames (up to `limitWall`) are taken on until it recovers or is judged.
 */
export function frameSamples(frames: readonly TimedError[], fromWall: number, toWall: number, options: { boundMs: number; everyMs?: number; limitWall?: number }): number[] {
  const everyMs = options.everyMs ?? 100;
  const limitWall = options.limitWall ?? toWall;
  const errors: number[] = [];
  let next = fromWall;
  for (const f of frames) {
    if (f.wall < next) continue;
    if (f.wall > limitWall || (f.wall > toWall && !awaitsRecovery(errors, options.boundMs))) break;
    errors.push(f.errorMs ?? Infinity);
    next = f.wall + everyMs;
  }
  return errors;
}

export interface SampleSyncOptions {
  /** Samples wanted before the window may end. */
  samples: number;
  boundMs: number;
  /** Wait after a sample (ms). */
  everyMs: number;
  /** Wait after a moment that gave no sample (ms). */
  missMs?: number;
  /** Give up sampling after this long (ms); the caller checks the count. */
  timeoutMs: number;
  now?: () => number;
  wait?: (ms: number) => Promise<void>;
}

/**
 * Takes sync samples with `take` (null: no sample at this moment, e.g. a boundary is near) until
 * `samples` are taken and the window does not end inside a disturbance that may still recover.
 */
export async function sampleSync(take: () => Promise<number | null>, options: SampleSyncOptions): Promise<number[]> {
  const now = options.now ?? Date.now;
  const wait = options.wait ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const until = now() + options.timeoutMs;
  const errors: number[] = [];
  while ((errors.length < options.samples || awaitsRecovery(errors, options.boundMs)) && now() < until) {
    const e = await take();
    if (e !== null) errors.push(e);
    await wait(e === null ? (options.missMs ?? 200) : options.everyMs);
  }
  return errors;
}

/**
 * Asserts `errors` hold `boundMs` by judgeSync: at most one recovered disturbance, of up to
 * `maxRecoverySamples` (default 6) samples. `context` is added to a failure's message.
 */
export function expectSync(errors: readonly number[], what: string, boundMs: number, options: { maxRecoverySamples?: number; context?: string; inSyncBefore?: boolean } = {}): void {
  const verdict = judgeSync(errors, { boundMs, maxRecoverySamples: options.maxRecoverySamples ?? MAX_RECOVERY_SAMPLES, maxDisturbanceMs: MAX_DISTURBANCE_MS, inSyncBefore: options.inSyncBefore ?? false });
  const samples = `samples in order: ${errors.map((e) => e.toFixed(1)).join(', ')} ms`;
  if (!verdict.ok) throw new Error(`${what}: out of sync, ${verdict.note} (${samples})${options.context ? `; ${options.context}` : ''}`);
  if (verdict.note.startsWith('one disturbance')) console.log(`      (${what}: ${verdict.note}; ${samples})`);
}
