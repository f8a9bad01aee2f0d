// Turns the benches' series into charts: series sharing a `plot` id become one SVG (time series as
// lines; samples as a CDF or a histogram), ready to rasterize.
import type { BenchOutcome } from './report-model.js';
import type { SampleSeries, Series, TimeSeries } from './bench-result.js';
import { cdfChart, histogramChart, lineChart, PLOT_DEFAULTS } from './svg-plot.js';

export interface ChartSpec {
  id: string; // file name stem, unique in the report
  title: string;
  svg: string;
  width: number; // px
  height: number; // px
}

function unitLabel(what: string, unit: string): string {
  return unit ? `${what} (${unit})` : what;
}

/** Groups series by bench and plot id, in first-seen order. */
export function groupSeries(outcomes: readonly BenchOutcome[]): Array<{ bench: string; plot: string; series: Series[] }> {
  const groups = new Map<string, { bench: string; plot: string; series: Series[] }>();
  for (const o of outcomes) {
    for (const s of o.result?.series ?? []) {
      const key = `${o.bench}/${s.plot}`;
      const g = groups.get(key) ?? { bench: o.bench, plot: s.plot, series: [] };
      g.series.push(s);
      groups.set(key, g);
    }
  }
  return [...groups.values()];
}

export function buildCharts(outcomes: readonly BenchOutcome[]): ChartSpec[] {
  const { width, height } = PLOT_DEFAULTS;
  const charts: ChartSpec[] = [];
  for (const g of groupSeries(outcomes)) {
    const first = g.series[0];
    if (!first) continue;
    const title = g.series.find((s) => s.plotTitle)?.plotTitle ?? `${g.bench}: ${g.plot}`;
    const id = `${g.bench}-${g.plot}`.replace(/[^a-z0-9._-]/gi, '-');
    const lines = g.series.filter((s): s is TimeSeries => s.kind === 'timeseries');
    const samples = g.series.filter((s): s is SampleSeries => s.kind === 'samples');
    if (lines.length > 0) {
      const l0 = lines[0] ?? first;
      const xUnit = l0.kind === 'timeseries' ? l0.xUnit : '';
      const svg = lineChart({ title, xLabel: unitLabel('time', xUnit), yLabel: unitLabel(l0.valueLabel ?? 'value', l0.unit), width, height, series: lines.map((s) => ({ label: s.label, points: s.points })) });
      charts.push({ id, title, svg, width, height });
    }
    if (samples.length > 0) {
      const unit = samples[0]?.unit ?? '';
      const what = samples[0]?.valueLabel ?? 'value';
      const sets = samples.map((s) => ({ label: `${s.label} (n=${s.values.length})`, values: s.values }));
      const histogram = samples.some((s) => s.chart === 'histogram');
      const svg = histogram
        ? histogramChart({ title, xLabel: unitLabel(what, unit), yLabel: '% of samples per bin', width, height, series: sets })
        : cdfChart({ title, xLabel: unitLabel(what, unit), yLabel: '% of samples at or below', width, height, series: sets });
      charts.push({ id: lines.length > 0 ? `${id}-dist` : id, title: lines.length > 0 ? `${title} (distribution)` : title, svg, width, height });
    }
  }
  return charts;
}
