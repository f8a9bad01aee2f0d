// `npm run bench` — runs every bench of StreamSync TV in sequence (API, clock, fan-out, programming,
// live, pipeline, TV, capacity), each as a child process with a time budget, and writes ONE report:
//   reports/bench-<UTC timestamp>/report.md     figures table (goal met?, peer reference, ratio),
//                                                machine, durations, plots
//   reports/bench-<UTC timestamp>/results.json  everything above, machine-readable
//   reports/bench-<UTC timestamp>/plots/*.png   (and the .svg they were drawn from)
//   reports/bench-<UTC timestamp>/logs/*.log    each bench's own output
//   reports/latest -> bench-<UTC timestamp>
// A missing, failing or timed-out bench gets its row in the report and the run goes on.
//
//   npx tsx control-api/bench/report/run-all.ts [--quick] [--only api,clock] [--budget-min 15] [--out reports]
import { execFile } from 'node:child_process';
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { BENCHES, type BenchSpec, type RunMode } from './benches.js';
import { describeMachine } from './machine.js';
import { figuresTable, goalCounts, reportMarkdown } from './markdown.js';
import { buildCharts } from './plots.js';
import { rasterizeSvgs } from './rasterize.js';
import type { BenchOutcome, PlotRef, RunReport } from './report-model.js';
import { runBench } from './run-bench.js';

export const RUN_ALL_DEFAULTS = {
  budgetMinutes: 15, // the whole run, benches and report
  reportReserveMs: 45_000, // milliseconds kept at the end for plots and the report
  minBenchMs: 15_000, // a bench is not started with less time than this (milliseconds)
  outDir: 'reports', // relative to the repository root
};

const REPO = resolve(fileURLToPath(new URL('../../..', import.meta.url)));

function timestamp(d: Date): string {
  return d.toISOString().replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '').replace('T', '-');
}

function gitCommit(): Promise<string | null> {
  return new Promise((res) => {
    execFile('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO, timeout: 5_000 }, (err, out) => res(err ? null : String(out).trim() || null));
  });
}

/** Echoes a bench's output line by line, prefixed with its name. */
function echo(bench: string): (chunk: string) => void {
  let pending = '';
  return (chunk) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const l of lines) process.stdout.write(`[${bench}] ${l}\n`);
  };
}

function commandLine(spec: BenchSpec, args: readonly string[]): string {
  return `npm run ${spec.npmScript}${args.length > 0 ? ` -- ${args.join(' ')}` : ''}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      'budget-min': { type: 'string' },
      out: { type: 'string', default: RUN_ALL_DEFAULTS.outDir },
    },
  });
  const mode: RunMode = values.quick ? 'quick' : 'full';
  const budgetMs = Number(values['budget-min'] ?? RUN_ALL_DEFAULTS.budgetMinutes) * 60_000;
  if (!Number.isFinite(budgetMs) || budgetMs <= 0) throw new Error(`--budget-min: expected a positive number of minutes, got ${values['budget-min']}`);
  const only = values.only?.split(',').map((s) => s.trim()).filter(Boolean) ?? null;
  const unknown = only?.filter((id) => !BENCHES.some((b) => b.id === id)) ?? [];
  if (unknown.length > 0) throw new Error(`--only: unknown bench(es) ${unknown.join(', ')}; known: ${BENCHES.map((b) => b.id).join(', ')}`);
  const specs = BENCHES.filter((b) => !only || only.includes(b.id));

  const started = new Date();
  const t0 = performance.now();
  const outRoot = resolve(REPO, values.out);
  const name = `bench-${timestamp(started)}`;
  const dir = join(outRoot, name);
  await mkdir(join(dir, 'logs'), { recursive: true });
  await mkdir(join(dir, 'plots'), { recursive: true });
  const machine = await describeMachine();
  console.log(`StreamSync TV bench run (${mode}), report in ${relative(REPO, dir)}; budget ${(budgetMs / 60_000).toFixed(1)} min`);
  console.log(`machine: ${machine.cpuModel}, ${machine.cores} cores, load ${machine.loadAverage.map((x) => x.toFixed(2)).join(' ')}`);

  const interrupt = new AbortController();
  const onSignal = () => interrupt.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const outcomes: BenchOutcome[] = [];
  for (const spec of specs) {
    const settings = spec.modes[mode];
    const command = commandLine(spec, settings.args);
    const base = { bench: spec.id, title: spec.title, command, reduction: settings.reduction };
    const left = budgetMs - RUN_ALL_DEFAULTS.reportReserveMs - (performance.now() - t0);
    if (interrupt.signal.aborted || left < RUN_ALL_DEFAULTS.minBenchMs) {
      const detail = interrupt.signal.aborted ? 'the run was interrupted' : 'the run\'s time budget was spent before this bench';
      outcomes.push({ ...base, status: 'skipped', detail, durationMs: null, timeoutMs: null, exitCode: null, log: null, result: null });
      console.log(`\n== ${spec.id}: skipped (${detail})`);
      continue;
    }
    const timeoutMs = Math.min(settings.timeoutMs, left);
    console.log(`\n== ${spec.id}: ${command}  (time budget ${(timeoutMs / 1000).toFixed(0)} s)`);
    const log = join('logs', `${spec.id}.log`);
    const r = await runBench({
      cwd: REPO,
      script: spec.script,
      args: settings.args,
      timeoutMs,
      jsonPath: join(dir, 'logs', `${spec.id}.json`),
      logPath: join(dir, log),
      onOutput: echo(spec.id),
      signal: interrupt.signal,
    });
    outcomes.push({ ...base, ...r, timeoutMs, log: r.status === 'missing' ? null : log });
    const secs = r.durationMs === null ? '' : ` in ${(r.durationMs / 1000).toFixed(1)} s`;
    console.log(`== ${spec.id}: ${r.status}${secs}${r.detail ? ` — ${r.detail}` : ''}`);
  }
  process.removeListener('SIGINT', onSignal);
  process.removeListener('SIGTERM', onSignal);

  const plots: PlotRef[] = [];
  let plotError: string | null = null;
  const charts = buildCharts(outcomes);
  try {
    const images = charts.map((c) => ({ svg: c.svg, width: c.width, height: c.height, path: join(dir, 'plots', `${c.id}.png`) }));
    for (const c of charts) await writeFile(join(dir, 'plots', `${c.id}.svg`), c.svg);
    await rasterizeSvgs(images);
    for (const c of charts) plots.push({ title: c.title, file: `plots/${c.id}.png` });
  } catch (err) {
    plotError = err instanceof Error ? err.message.split('\n')[0] ?? String(err) : String(err);
  }

  const finished = new Date();
  const report: RunReport = {
    mode,
    startedAt: started.toISOString(),
    finishedAt: finished.toISOString(),
    durationMs: performance.now() - t0,
    budgetMs,
    commit: await gitCommit(),
    machine,
    outcomes,
    plots,
    plotError,
  };
  await writeFile(join(dir, 'results.json'), `${JSON.stringify(report, null, 1)}\n`);
  await writeFile(join(dir, 'report.md'), reportMarkdown(report));
  const latest = join(outRoot, 'latest');
  await rm(latest, { force: true, recursive: false }).catch(() => undefined);
  await symlink(name, latest).catch(async () => writeFile(`${latest}.txt`, `${dir}\n`));

  const c = goalCounts(outcomes);
  console.log(`\n${figuresTable(outcomes)}\n`);
  console.log(`goals: ${c.met} met, ${c.notMet} not met, ${c.notMeasured} not measured; ${c.benchesWithout} bench(es) without a full result`);
  console.log(`report: ${join(relative(REPO, dir), 'report.md')} (also ${relative(REPO, latest)}/report.md); ${plots.length} plot(s)${plotError ? `; plots failed: ${plotError}` : ''}`);
  console.log(`whole run: ${((performance.now() - t0) / 60_000).toFixed(1)} min`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
});
