// What "in sync" means for a run of samples taken on a real, shared machine: every sample within
// the bound, except the product's recovery from one disturbance (the media clock of a loaded
// 2-core machine stopping for a moment): one short run of samples beyond the bound, not too far
// off, after a sample in sync and followed by samples in sync again. A steady offset, a slow
// drift, a late join that is not caught up, or two disturbances in one window all fail.

export interface SyncBoundRule {
  /** |error| allowed on every sample (ms). */
  boundMs: number;
  /** The longest run of samples beyond the bound that counts as one recovered disturbance. */
  maxRecoverySamples: number;
  /** |error| a disturbance may reach (ms): beyond it, the product should have seeked. */
  maxDisturbanceMs: number;
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
  if (run.from === 0) return { ok: false, note: 'beyond the bound from the first sample' };
  if (run.to === errors.length - 1) return { ok: false, note: 'still beyond the bound at the last sample' };
  if (length > rule.maxRecoverySamples) return { ok: false, note: `${length} samples in a row beyond the bound (a recovery may take ${rule.maxRecoverySamples})` };
  if (worst > rule.maxDisturbanceMs) return { ok: false, note: `a disturbance of ${worst.toFixed(1)} ms (over ${rule.maxDisturbanceMs} ms)` };
  return { ok: true, note: `one disturbance of ${worst.toFixed(1)} ms over ${length} sample(s), recovered` };
}

/** |error| a tolerated disturbance may reach (ms): half the controller's seek threshold. */
export const MAX_DISTURBANCE_MS = 150;

/**
 * Asserts `errors` hold `boundMs` by judgeSync: at most one recovered disturbance, of up to
 * `maxRecoverySamples` (default 6) samples. `context` is added to a failure's message.
 */
export function expectSync(errors: readonly number[], what: string, boundMs: number, options: { maxRecoverySamples?: number; context?: string } = {}): void {
  const verdict = judgeSync(errors, { boundMs, maxRecoverySamples: options.maxRecoverySamples ?? 6, maxDisturbanceMs: MAX_DISTURBANCE_MS });
  const samples = `samples in order: ${errors.map((e) => e.toFixed(1)).join(', ')} ms`;
  if (!verdict.ok) throw new Error(`${what}: out of sync, ${verdict.note} (${samples})${options.context ? `; ${options.context}` : ''}`);
  if (verdict.note.startsWith('one disturbance')) console.log(`      (${what}: ${verdict.note}; ${samples})`);
}
