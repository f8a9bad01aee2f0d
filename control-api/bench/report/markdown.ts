// Pure builders for report.md: the figures table (value, goal and whether it is met, the peer
// reference and the ratio), one row per bench that did not deliver, the machine and the runs.
import type { Figure } from './bench-result.js';
import type { BenchOutcome, RunReport } from './report-model.js';

export type GoalStatus = 'met' | 'not met' | 'not measured' | 'no goal';

export function goalStatus(figure: Figure): GoalStatus {
  if (!figure.goal) return 'no goal';
  if (figure.value === null) return 'not measured';
  const ok = figure.goal.op === '<=' ? figure.value <= figure.goal.value : figure.value >= figure.goal.value;
  return ok ? 'met' : 'not met';
}

/** The bench's own ratio, else value / reference when both are measured in the same unit. */
export function figureRatio(figure: Figure): number | null {
  if (figure.ratio !== undefined) return figure.ratio;
  const ref = figure.reference;
  if (!ref || ref.value === null || figure.value === null || ref.unit !== figure.unit || ref.value === 0) return null;
  return figure.value / ref.value;
}

/** A readable number: about 3 significant digits, whole numbers above 100, thousands grouped. */
export function formatNumber(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return 'n/a';
  const a = Math.abs(v);
  if (a >= 100) return Math.round(v).toLocaleString('en-US');
  if (a >= 10) return v.toFixed(1);
  if (a >= 1) return v.toFixed(2);
  if (a === 0) return '0';
  return v.toPrecision(2);
}

const withUnit = (v: number | null, unit: string) => (v === null ? 'n/a' : unit ? `${formatNumber(v)} ${unit}` : formatNumber(v));
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

const STATUS_TEXT: Record<Exclude<BenchOutcome['status'], 'ok'>, string> = {
  missing: 'MISSING',
  failed: 'FAILED',
  timeout: 'TIMED OUT',
  'no-result': 'NO RESULT',
  'invalid-result': 'INVALID RESULT',
  skipped: 'SKIPPED',
};

export const TABLE_HEADER = ['Bench', 'Figure', 'Value', 'Goal', 'Goal met?', 'Peer reference', 'Ratio'];

/** Rows for one bench: its figures, or one row saying why there are none (never dropped). */
export function outcomeRows(outcome: BenchOutcome): string[][] {
  const figures = outcome.result?.figures ?? [];
  const rows: string[][] = [];
  if (outcome.status !== 'ok') {
    const exit = outcome.exitCode !== null && outcome.status === 'failed' ? ` (exit ${outcome.exitCode})` : '';
    const why = `${STATUS_TEXT[outcome.status]}${exit}${outcome.detail ? `: ${outcome.detail}` : ''}`;
    rows.push([outcome.bench, figures.length > 0 ? '(partial result below)' : '—', '—', '—', why, '—', '—']);
  }
  for (const f of figures) {
    const status = goalStatus(f);
    const goal = f.goal ? `${f.goal.op} ${withUnit(f.goal.value, f.unit)}` : '—';
    const met = status === 'met' ? 'met' : status === 'not met' ? '**NOT met**' : status === 'not measured' ? 'n/a' : '—';
    const ref = f.reference ? `${f.reference.label}: ${withUnit(f.reference.value, f.reference.unit)}` : '—';
    const ratio = figureRatio(f);
    rows.push([outcome.bench, f.note ? `${f.label} (${f.note})` : f.label, withUnit(f.value, f.unit), goal, met, ref, ratio === null ? '—' : `x${formatNumber(ratio)}`]);
  }
  return rows;
}

export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map(cell).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** The table of every figure of every bench, in run order. */
export function figuresTable(outcomes: readonly BenchOutcome[]): string {
  return markdownTable(TABLE_HEADER, outcomes.flatMap(outcomeRows));
}

export function goalCounts(outcomes: readonly BenchOutcome[]): { met: number; notMet: number; notMeasured: number; benchesWithout: number } {
  const figures = outcomes.flatMap((o) => o.result?.figures ?? []);
  const s = figures.map(goalStatus);
  return {
    met: s.filter((x) => x === 'met').length,
    notMet: s.filter((x) => x === 'not met').length,
    notMeasured: s.filter((x) => x === 'not measured').length,
    benchesWithout: outcomes.filter((o) => o.status !== 'ok').length,
  };
}

const seconds = (ms: number | null) => (ms === null ? '—' : `${(ms / 1000).toFixed(1)} s`);
const gib = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(1)} GiB`;

/** The whole report.md. */
export function reportMarkdown(report: RunReport): string {
  const m = report.machine;
  const c = goalCounts(report.outcomes);
  const out: string[] = [];
  out.push(`# StreamSync TV bench report`, '');
  out.push(`- Date: ${report.startedAt} to ${report.finishedAt} (${seconds(report.durationMs)}, budget ${seconds(report.budgetMs)})`);
  out.push(`- Mode: ${report.mode}${report.mode === 'quick' ? ' (shortest settings: a smoke run, not figures to quote)' : ''}`);
  if (report.commit) out.push(`- Commit: ${report.commit}`);
  out.push(`- Goals: ${c.met} met, ${c.notMet} not met, ${c.notMeasured} not measured; ${c.benchesWithout} bench(es) without a full result`, '');
  out.push('## Machine', '');
  out.push(
    markdownTable(['', ''], [
      ['CPU', `${m.cpuModel}, ${m.cores} cores`],
      ['Memory', gib(m.memoryBytes)],
      ['OS', `${m.os} (kernel ${m.kernel})`],
      ['Node', m.node],
      ['ffmpeg', m.ffmpeg ?? 'not found'],
      ['Chromium', m.chromium ?? 'not found'],
      ['Load average at start (1/5/15 min)', m.loadAverage.map((x) => x.toFixed(2)).join(' / ')],
    ]),
    '',
  );
  out.push('## Figures', '', figuresTable(report.outcomes), '');
  out.push(
    '*Goal met?* compares the value with the product\'s goal. *Peer reference* is the same thing measured the same way in the same run ' +
      '(a static file, Debian\'s mosquitto, a bare ffmpeg command); *Ratio* is value / reference unless the bench defines it otherwise.',
    '',
  );
  out.push('## Runs', '');
  out.push(
    markdownTable(
      ['Bench', 'Command', 'Status', 'Duration', 'Time budget', 'Reduced settings', 'Log'],
      report.outcomes.map((o) => [
        o.bench,
        `\`${o.command}\``,
        o.status === 'ok' ? 'ok' : `${STATUS_TEXT[o.status]}${o.detail ? `: ${o.detail}` : ''}`,
        seconds(o.durationMs),
        seconds(o.timeoutMs),
        o.reduction ?? 'none (bench defaults)',
        o.log ? `[${o.log}](${o.log})` : '—',
      ]),
    ),
    '',
  );
  if (report.plots.length > 0 || report.plotError) {
    out.push('## Plots', '');
    if (report.plotError) out.push(`Plots could not be drawn: ${report.plotError}`, '');
    for (const p of report.plots) out.push(`### ${p.title}`, '', `![${p.title}](${p.file})`, '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
