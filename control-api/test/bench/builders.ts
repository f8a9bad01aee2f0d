// Fixture builders for the bench report tests.
import type { BenchResult, Figure } from '../../bench/report/bench-result.js';
import type { BenchOutcome, RunReport } from '../../bench/report/report-model.js';

export function aFigure(overrides: Partial<Figure> = {}): Figure {
  return { id: 'p95', label: 'latency p95', value: 5, unit: 'ms', ...overrides };
}

export function aResult(overrides: Partial<BenchResult> = {}): BenchResult {
  return { bench: 'api', title: 'Lineup API', figures: [aFigure()], ...overrides };
}

export function anOutcome(overrides: Partial<BenchOutcome> = {}): BenchOutcome {
  return {
    bench: 'api',
    title: 'Lineup API',
    command: 'npm run bench:api',
    status: 'ok',
    detail: null,
    reduction: null,
    durationMs: 12_000,
    timeoutMs: 180_000,
    exitCode: 0,
    log: 'logs/api.log',
    result: aResult(),
    ...overrides,
  };
}

export function aReport(overrides: Partial<RunReport> = {}): RunReport {
  return {
    mode: 'quick',
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:05:00.000Z',
    durationMs: 300_000,
    budgetMs: 900_000,
    commit: 'abc1234',
    machine: {
      cpuModel: 'Test CPU', cores: 2, memoryBytes: 24 * 1024 ** 3, os: 'Debian GNU/Linux 12 (bookworm)', kernel: '6.1.0',
      node: 'v20.19.0', ffmpeg: 'ffmpeg version 5.1', chromium: 'Chromium 156', loadAverage: [0.5, 0.25, 0.125],
    },
    outcomes: [anOutcome()],
    plots: [],
    plotError: null,
    ...overrides,
  };
}
