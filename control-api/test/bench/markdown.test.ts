import { expect } from 'chai';
import { figureRatio, figuresTable, formatNumber, goalCounts, goalStatus, outcomeRows, reportMarkdown } from '../../bench/report/markdown.js';
import { aFigure, anOutcome, aReport, aResult } from './builders.js';

/** Cells of one markdown table line. */
const cells = (line: string) => line.replace(/^\| | \|$/g, '').split(' | ');

describe('bench report markdown', () => {
  describe('goal status', () => {
    it('meets an upper bound at or below it, not above', () => {
      expect(goalStatus(aFigure({ value: 2, goal: { op: '<=', value: 2 } }))).to.equal('met');
      expect(goalStatus(aFigure({ value: 1.5, goal: { op: '<=', value: 2 } }))).to.equal('met');
      expect(goalStatus(aFigure({ value: 2.01, goal: { op: '<=', value: 2 } }))).to.equal('not met');
    });

    it('meets a lower bound at or above it, not below', () => {
      expect(goalStatus(aFigure({ value: 20_000, goal: { op: '>=', value: 20_000 } }))).to.equal('met');
      expect(goalStatus(aFigure({ value: 19_999, goal: { op: '>=', value: 20_000 } }))).to.equal('not met');
    });

    it('says when there is no goal or no measurement', () => {
      expect(goalStatus(aFigure())).to.equal('no goal');
      expect(goalStatus(aFigure({ value: null, goal: { op: '<=', value: 1 } }))).to.equal('not measured');
    });
  });

  describe('ratio', () => {
    it('is value / reference in the same unit', () => {
      expect(figureRatio(aFigure({ value: 30, reference: { label: 'mosquitto', value: 20, unit: 'ms' } }))).to.equal(1.5);
    });

    it('is the bench\'s own ratio when it gives one', () => {
      expect(figureRatio(aFigure({ value: 30, ratio: 0.25, reference: { label: 'r', value: 20, unit: 'ms' } }))).to.equal(0.25);
    });

    it('is absent across units, without a reference, or against a zero or missing reference', () => {
      expect(figureRatio(aFigure({ reference: { label: 'r', value: 20, unit: 's' } }))).to.equal(null);
      expect(figureRatio(aFigure())).to.equal(null);
      expect(figureRatio(aFigure({ reference: { label: 'r', value: 0, unit: 'ms' } }))).to.equal(null);
      expect(figureRatio(aFigure({ reference: { label: 'r', value: null, unit: 'ms' } }))).to.equal(null);
      expect(figureRatio(aFigure({ value: null, reference: { label: 'r', value: 2, unit: 'ms' } }))).to.equal(null);
    });
  });

  it('formats numbers to about three significant digits', () => {
    expect([formatNumber(23456.7), formatNumber(123.4), formatNumber(12.34), formatNumber(1.234), formatNumber(0.01234), formatNumber(0), formatNumber(null)])
      .to.deep.equal(['23,457', '123', '12.3', '1.23', '0.012', '0', 'n/a']);
  });

  it('writes one row per figure with value, goal, met, reference and ratio', () => {
    const outcome = anOutcome({
      result: aResult({
        figures: [
          aFigure({ id: 'a', label: 'beacon p95', value: 148, goal: { op: '<=', value: 100 }, reference: { label: 'mosquitto', value: 189, unit: 'ms' } }),
          aFigure({ id: 'b', label: 'throughput', value: 25_000, unit: 'req/s', goal: { op: '>=', value: 20_000 } }),
        ],
      }),
    });
    const rows = outcomeRows(outcome);
    expect(rows).to.deep.equal([
      ['api', 'beacon p95', '148 ms', '<= 100 ms', '**NOT met**', 'mosquitto: 189 ms', 'x0.78'],
      ['api', 'throughput', '25,000 req/s', '>= 20,000 req/s', 'met', '—', '—'],
    ]);
  });

  it('never drops a bench: a missing one gets a row saying so', () => {
    const table = figuresTable([anOutcome(), anOutcome({ bench: 'tv', status: 'missing', detail: 'tv-app/bench/tv.ts not found', result: null, exitCode: null })]);
    const lines = table.split('\n');
    expect(lines).to.have.length(4); // header, rule, api figure, tv row
    const tv = cells(lines[3] ?? '');
    expect(tv[0]).to.equal('tv');
    expect(tv[4]).to.equal('MISSING: tv-app/bench/tv.ts not found');
  });

  it('shows a failed bench with its exit code, and the partial figures it wrote', () => {
    const rows = outcomeRows(anOutcome({ status: 'failed', exitCode: 3, detail: 'boom' }));
    expect(rows[0]?.[4]).to.equal('FAILED (exit 3): boom');
    expect(rows[0]?.[1]).to.equal('(partial result below)');
    expect(rows).to.have.length(2);
  });

  it('escapes pipes so a label cannot break the table', () => {
    const table = figuresTable([anOutcome({ result: aResult({ figures: [aFigure({ label: '|estimated - true|' })] }) })]);
    expect(cells(table.split('\n')[2] ?? '').length).to.be.greaterThan(6);
    expect(table).to.include('\\|estimated - true\\|');
  });

  it('counts goals met and not met, and benches without a result', () => {
    const c = goalCounts([
      anOutcome({ result: aResult({ figures: [aFigure({ goal: { op: '<=', value: 10 } }), aFigure({ goal: { op: '<=', value: 1 } }), aFigure({ value: null, goal: { op: '<=', value: 1 } })] }) }),
      anOutcome({ bench: 'tv', status: 'timeout', result: null }),
    ]);
    expect(c).to.deep.equal({ met: 1, notMet: 1, notMeasured: 1, benchesWithout: 1 });
  });

  it('states the machine, the date, the runs and links the plots', () => {
    const md = reportMarkdown(aReport({ plots: [{ title: 'Sync error over time per viewer', file: 'plots/tv-sync.png' }] }));
    for (const text of ['Test CPU, 2 cores', '24.0 GiB', 'Debian GNU/Linux 12', 'v20.19.0', 'Chromium 156', '0.50 / 0.25 / 0.13', '2026-01-01T00:00:00.000Z', '`npm run bench:api`', '12.0 s', '![Sync error over time per viewer](plots/tv-sync.png)']) {
      expect(md).to.include(text);
    }
  });
});
