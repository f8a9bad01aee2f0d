// Prints bench:tv's zero-wait table of one network profile (issue 15): each figure of the TV app
// beside the bare Shaka page's from the same run, the ratio, the goal and whether it is met; then
// how the figures were seen and the cold start's trace. Also turns a run into the JSON result's
// measurements (tv-result.ts builds the figures).
import { percentileOf, TV_GOALS, type ZeroWaitMeasurements } from '#bench-report/tv-result.js';
import { printStartTrace, timelineOrder, traceP50 } from './start-trace.js';
import { ZERO_WAIT_DEFAULTS, type ZeroWaitRun } from './zero-wait.js';

export const referenceLabel = (shakaVersion: string) => `bare Shaka ${shakaVersion} page, same manifest and offset, same run`;

interface Row {
  label: string;
  ours: readonly number[];
  ref: readonly number[] | null;
  goalMs: number;
  ratioGoal: number | null;
  count?: boolean;
}

const fmt = (x: number | null, digits = 0) => (x === null || !Number.isFinite(x) ? '-' : x.toFixed(digits));
const ratioOf = (a: number | null, b: number | null) => (a !== null && b !== null && b !== 0 ? a / b : null);

/** 'yes' when the p50 meets its goal (and its ratio goal), 'NO' when not, 'n/a' when unmeasured. */
function verdict(p50: number | null, ratio: number | null, row: Row): string {
  if (p50 === null) return 'n/a';
  if (p50 > row.goalMs) return 'NO';
  if (row.ratioGoal !== null) {
    if (ratio === null) return 'n/a';
    if (ratio > row.ratioGoal) return 'NO';
  }
  return 'yes';
}

export function printZeroWait(run: ZeroWaitRun, shakaVersion: string): void {
  const G = TV_GOALS;
  console.log(
    `\nZero wait, ${run.network.label} (headless Chromium; ${run.runs} cold starts, ${run.zaps} zaps of each kind; reference: ${referenceLabel(shakaVersion)}, ` +
      `${run.ref.firstFrameMs.length} cold starts, ${run.ref.zapMs.length} loads)`,
  );
  const rows: Row[] = [
    { label: 'navigation -> first frame on screen', ours: run.firstFrameMs, ref: run.ref.firstFrameMs, goalMs: G.firstFrameP50Ms, ratioGoal: G.firstFrameRatio },
    { label: 'navigation -> first correctly-timed frame (<= 5 ms)', ours: run.firstCorrectFrameMs, ref: null, goalMs: G.firstCorrectFrameP50Ms, ratioGoal: null },
    // A zap's first frame, as a cold start's: the new channel's first picture on screen, its load's
    // first frame held paused until the timed start included (the moving picture is on the line below).
    { label: 'zap to a neighbour (CH+/CH-) -> first frame', ours: run.zapPictureMs.near, ref: run.ref.zapMs, goalMs: G.zapNeighbourP50Ms, ratioGoal: G.zapNeighbourRatio },
    { label: 'zap to a far channel (digits + Enter) -> first frame', ours: run.zapPictureMs.far, ref: run.ref.zapMs, goalMs: G.zapFarP50Ms, ratioGoal: G.zapFarRatio },
  ];
  const head = ['figure (ms)'.padEnd(52), 'p50'.padStart(6), 'p95'.padStart(6), 'n'.padStart(4), 'ref p50'.padStart(8), 'ref p95'.padStart(8), 'x ref'.padStart(6), 'x ref95'.padStart(8), '  goal'.padEnd(27), 'met'];
  console.log(head.join(' '));
  for (const row of rows) {
    const p50 = percentileOf(row.ours, 50);
    const p95 = percentileOf(row.ours, 95);
    const r50 = row.ref ? percentileOf(row.ref, 50) : null;
    const r95 = row.ref ? percentileOf(row.ref, 95) : null;
    const ratio = ratioOf(p50, r50);
    const goal = `  p50 <= ${row.goalMs}${row.ratioGoal === null ? '' : `, <= ${row.ratioGoal}x ref`}`;
    const n = `${row.ours.filter((v) => Number.isFinite(v)).length}`;
    console.log(
      [row.label.padEnd(52), fmt(p50).padStart(6), fmt(p95).padStart(6), n.padStart(4), fmt(r50).padStart(8), fmt(r95).padStart(8), fmt(ratio, 2).padStart(6), fmt(ratioOf(p95, r95), 2).padStart(8), goal.padEnd(27), verdict(p50, ratio, row)].join(' '),
    );
  }
  const stalls = Number.isFinite(run.zapStalls) ? run.zapStalls : null;
  const stallVerdict = stalls === null ? 'n/a' : stalls <= G.zapStalls ? 'yes' : 'NO';
  console.log([`stalls during the zapping (count)`.padEnd(52), fmt(stalls).padStart(6), ''.padStart(6), ''.padStart(4), ''.padStart(8), ''.padStart(8), ''.padStart(6), ''.padStart(8), `  ${G.zapStalls}`.padEnd(27), stallVerdict].join(' '));

  const nZaps = run.zapNeighbourMs.length + run.zapFarMs.length;
  console.log(
    `  first frames seen by ${run.firstFrameBy || '-'} (bare page: ${run.ref.firstFrameBy || '-'}); zap first frames: ${run.zapsBy.swap} of ${nZaps} a ready video brought to the front, ` +
      `${run.zapsBy.playing} a load (playing); ${run.zapMissed} zap(s) never showed the channel; waiting events on air during the zaps: ${fmt(run.zapWaiting)} (${fmt(stalls)} after a first frame)`,
  );
  console.log(
    `  first frames above: ${run.zapHeldFrames} of ${nZaps} were a load's first frame held paused until its timed start; key press to the new channel moving ` +
      `(a ready video brought to the front, or a load's playing): neighbour p50 ${fmt(percentileOf(run.zapNeighbourMs, 50))} ms, far p50 ${fmt(percentileOf(run.zapFarMs, 50))} ms ` +
      `(p95 ${fmt(percentileOf(run.zapNeighbourMs, 95))}, ${fmt(percentileOf(run.zapFarMs, 95))})`,
  );
  if (run.neighbourReadyWaitMs.length > 0) {
    console.log(
      `  neighbour zaps with the channel reported ready behind the picture at the key press: ${run.neighbourReady} of ${run.zaps}; ` +
        `waited for it after the ${ZERO_WAIT_DEFAULTS.settleMs} ms settle: p50 ${fmt(percentileOf(run.neighbourReadyWaitMs, 50))} ms, max ${fmt(Math.max(...run.neighbourReadyWaitMs))} ms (at most ${ZERO_WAIT_DEFAULTS.neighbourReadyTimeoutMs})`,
    );
  }
  console.log(
    `  warm boot (the app reloaded in a page that has run it: HTTP cache, compiled code, learned lags; ${run.warmFirstFrameMs.length} reloads): ` +
      `navigation -> first frame p50 ${fmt(percentileOf(run.warmFirstFrameMs, 50))} ms, -> first correctly-timed frame p50 ${fmt(percentileOf(run.warmFirstCorrectFrameMs, 50))} ms`,
  );
  console.log(
    `  join error ${run.joinErrorsMs.map((e) => fmt(e, 1)).join(', ')} ms; join to lock p50 ${fmt(percentileOf(run.lockTimesMs, 50))} ms; ` +
      `first frame to lock p50 ${fmt(percentileOf(run.lockAfterFirstFrameMs, 50))} ms (goal <= ${G.lockTimeMs})`,
  );
  for (const failure of [...run.failures, ...run.ref.failures.map((x) => `bare page, ${x}`)]) console.log(`  failed: ${failure}`);
  printStartTrace(`  cold start, where the milliseconds go (${run.network.label})`, run.traces);
}

/** One run in the JSON result's terms: ids suffixed on every profile but loopback. */
export function zeroWaitMeasurements(run: ZeroWaitRun, shakaVersion: string): ZeroWaitMeasurements {
  const p50 = traceP50(run.traces);
  return {
    idSuffix: run.network.id === 'loopback' ? '' : `-${run.network.id}`,
    networkLabel: run.network.label,
    referenceLabel: referenceLabel(shakaVersion),
    firstFrameMs: run.firstFrameMs,
    firstCorrectFrameMs: run.firstCorrectFrameMs,
    zapNeighbourMs: run.zapPictureMs.near,
    zapFarMs: run.zapPictureMs.far,
    zapStalls: run.zapStalls,
    refFirstFrameMs: run.ref.firstFrameMs,
    refZapMs: run.ref.zapMs,
    trace: timelineOrder(p50).map(({ id, label }) => ({ id, label, p50Ms: p50[id] })),
  };
}
