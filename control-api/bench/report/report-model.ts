// What one `npm run bench` run records: the machine, and per bench how it went and what it measured.
// Saved beside report.md as results.json, so a later tool can compare runs.
import { Type, type Static } from '@sinclair/typebox';
import { BenchResult, Machine } from './bench-result.js';

export const BenchStatus = Type.Union([
  Type.Literal('ok'), // exited 0 and wrote a valid result
  Type.Literal('missing'), // its script does not exist (yet)
  Type.Literal('failed'), // exited non-zero (a partial result may still be there)
  Type.Literal('timeout'), // killed at the end of its time budget
  Type.Literal('no-result'), // exited 0 without writing a result
  Type.Literal('invalid-result'), // wrote something that is not a BenchResult
  Type.Literal('skipped'), // not started: the run's time budget was spent
]);
export type BenchStatus = Static<typeof BenchStatus>;

export const BenchOutcome = Type.Object(
  {
    bench: Type.String(),
    title: Type.String(),
    command: Type.String(), // as a person would type it
    status: BenchStatus,
    detail: Type.Union([Type.String(), Type.Null()]), // why it is not 'ok' (last error line...)
    reduction: Type.Union([Type.String(), Type.Null()]), // parameters below the bench's defaults, said plainly
    durationMs: Type.Union([Type.Number(), Type.Null()]),
    timeoutMs: Type.Union([Type.Number(), Type.Null()]),
    exitCode: Type.Union([Type.Integer(), Type.Null()]),
    log: Type.Union([Type.String(), Type.Null()]), // path relative to the report folder
    result: Type.Union([BenchResult, Type.Null()]),
  },
  { additionalProperties: false },
);
export type BenchOutcome = Static<typeof BenchOutcome>;

export const PlotRef = Type.Object({ title: Type.String(), file: Type.String() }, { additionalProperties: false });
export type PlotRef = Static<typeof PlotRef>;

export const RunReport = Type.Object(
  {
    mode: Type.Union([Type.Literal('full'), Type.Literal('quick')]),
    startedAt: Type.String(), // ISO 8601
    finishedAt: Type.String(),
    durationMs: Type.Number(),
    budgetMs: Type.Number(),
    commit: Type.Union([Type.String(), Type.Null()]),
    machine: Machine,
    outcomes: Type.Array(BenchOutcome),
    plots: Type.Array(PlotRef),
    plotError: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);
export type RunReport = Static<typeof RunReport>;
