// A tiny, pure SVG plotting module for the bench report: axes with nice ticks, line charts,
// CDFs and histograms, a legend. No DOM, no dependencies: every function returns a string.
// Non-finite values are dropped before scaling, so no NaN ever reaches the markup.

export const PLOT_DEFAULTS = {
  width: 960, // px
  height: 540, // px
  margin: { top: 48, right: 24, bottom: 56, left: 72 }, // px around the plot area
  ticks: 6, // wanted tick count per axis (the result is a nice number near it)
  maxPointsPerLine: 2_000, // longer lines are decimated to min/max per bucket
  bins: 40, // histogram bins
  font: 'DejaVu Sans, Arial, sans-serif',
  palette: ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#7f7f7f', '#bcbd22'],
};

export type Point = readonly [number, number];
export type Domain = readonly [number, number];

export interface ChartText {
  title: string;
  xLabel: string;
  yLabel: string;
  width?: number; // px
  height?: number; // px
  legendAt?: 'top-right' | 'bottom-right'; // default top-right
}

export interface LineSeries {
  label: string;
  points: readonly Point[];
}

export interface SampleSet {
  label: string;
  values: readonly number[];
}

/** Maps a domain onto a pixel range linearly. A zero-width domain maps to the middle of the range. */
export function linearScale(domain: Domain, range: Domain): (v: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0;
  if (span === 0 || !Number.isFinite(span)) return () => (r0 + r1) / 2;
  return (v) => r0 + ((v - d0) / span) * (r1 - r0);
}

function niceStep(rough: number): number {
  const exp = Math.floor(Math.log10(rough));
  const base = 10 ** exp;
  const f = rough / base;
  const nice = f >= Math.sqrt(50) ? 10 : f >= Math.sqrt(10) ? 5 : f >= Math.sqrt(2) ? 2 : 1; // the closest of 1, 2, 5, 10
  return nice * base;
}

/** Round tick values (1, 2, 5 x 10^k steps) covering [min, max]; the first and last enclose it. */
export function niceTicks(min: number, max: number, count = PLOT_DEFAULTS.ticks): number[] {
  let [lo, hi] = [min, max];
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) [lo, hi] = [0, 1];
  if (lo > hi) [lo, hi] = [hi, lo];
  if (lo === hi) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    [lo, hi] = [lo - pad, hi + pad];
  }
  const step = niceStep((hi - lo) / Math.max(1, count));
  const start = Math.floor(lo / step + 1e-9) * step;
  const end = Math.ceil(hi / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let i = 0; start + i * step <= end + step * 1e-9 && i < 1000; i++) ticks.push(round(start + i * step, step));
  return ticks;
}

function decimals(step: number): number {
  if (!(step > 0) || !Number.isFinite(step)) return 0;
  let d = Math.max(0, -Math.floor(Math.log10(step)));
  while (d < 10) {
    const scaled = step * 10 ** d;
    if (Math.abs(scaled - Math.round(scaled)) < 1e-6) break;
    d++;
  }
  return d;
}

function round(v: number, step: number): number {
  const d = decimals(step);
  const r = Number(v.toFixed(d));
  return Object.is(r, -0) ? 0 : r;
}

export function formatTick(v: number, step: number): string {
  return v.toFixed(decimals(step));
}

export function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

const n2 = (v: number) => (Number.isFinite(v) ? Number(v.toFixed(2)) : 0);
const finitePoints = (pts: readonly Point[]) => pts.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
const finiteValues = (vs: readonly number[]) => vs.filter((v) => Number.isFinite(v));

/** Keeps at most `max` points: per x bucket, the first, the lowest and the highest (order kept). */
export function decimate(points: readonly Point[], max = PLOT_DEFAULTS.maxPointsPerLine): Point[] {
  if (points.length <= max) return [...points];
  const buckets = Math.max(1, Math.floor(max / 3));
  const per = points.length / buckets;
  const out: Point[] = [];
  for (let b = 0; b < buckets; b++) {
    const slice = points.slice(Math.floor(b * per), Math.floor((b + 1) * per));
    const first = slice[0];
    if (!first) continue;
    let lo = first;
    let hi = first;
    for (const p of slice) {
      if (p[1] < lo[1]) lo = p;
      if (p[1] > hi[1]) hi = p;
    }
    const keep = [...new Set([first, lo, hi])].sort((a, c) => slice.indexOf(a) - slice.indexOf(c));
    out.push(...keep);
  }
  return out;
}

interface Frame {
  text: ChartText;
  xTicks: number[];
  yTicks: number[];
  legend: string[];
  body: (x: (v: number) => number, y: (v: number) => number) => string;
}

function color(i: number): string {
  const p = PLOT_DEFAULTS.palette;
  return p[i % p.length] ?? '#000';
}

function renderFrame(f: Frame): string {
  const width = f.text.width ?? PLOT_DEFAULTS.width;
  const height = f.text.height ?? PLOT_DEFAULTS.height;
  const m = PLOT_DEFAULTS.margin;
  const [left, right, top, bottom] = [m.left, width - m.right, m.top, height - m.bottom];
  const xd: Domain = [f.xTicks[0] ?? 0, f.xTicks.at(-1) ?? 1];
  const yd: Domain = [f.yTicks[0] ?? 0, f.yTicks.at(-1) ?? 1];
  const x = linearScale(xd, [left, right]);
  const y = linearScale(yd, [bottom, top]);
  const xStep = (f.xTicks[1] ?? 1) - (f.xTicks[0] ?? 0);
  const yStep = (f.yTicks[1] ?? 1) - (f.yTicks[0] ?? 0);
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${PLOT_DEFAULTS.font}" font-size="13">`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${n2(width / 2)}" y="28" text-anchor="middle" font-size="17" font-weight="bold">${escapeXml(f.text.title)}</text>`,
  );
  out.push('<g class="grid" stroke="#e5e5e5" stroke-width="1">');
  for (const t of f.xTicks) out.push(`<line x1="${n2(x(t))}" y1="${top}" x2="${n2(x(t))}" y2="${bottom}"/>`);
  for (const t of f.yTicks) out.push(`<line x1="${left}" y1="${n2(y(t))}" x2="${right}" y2="${n2(y(t))}"/>`);
  out.push('</g>');
  out.push(`<g class="plot">${f.body(x, y)}</g>`);
  out.push(`<g class="axes" stroke="#333" stroke-width="1" fill="none"><line x1="${left}" y1="${bottom}" x2="${right}" y2="${bottom}"/><line x1="${left}" y1="${top}" x2="${left}" y2="${bottom}"/></g>`);
  out.push('<g class="x-ticks" text-anchor="middle" fill="#333">');
  for (const t of f.xTicks) out.push(`<text x="${n2(x(t))}" y="${bottom + 18}">${formatTick(t, xStep)}</text>`);
  out.push('</g><g class="y-ticks" text-anchor="end" fill="#333">');
  for (const t of f.yTicks) out.push(`<text x="${left - 8}" y="${n2(y(t) + 4)}">${formatTick(t, yStep)}</text>`);
  out.push('</g>');
  out.push(`<text class="x-label" x="${n2((left + right) / 2)}" y="${height - 14}" text-anchor="middle">${escapeXml(f.text.xLabel)}</text>`);
  out.push(`<text class="y-label" transform="translate(18 ${n2((top + bottom) / 2)}) rotate(-90)" text-anchor="middle">${escapeXml(f.text.yLabel)}</text>`);
  if (f.legend.length > 0) {
    const w = Math.min(360, 34 + 7.5 * Math.max(...f.legend.map((l) => l.length)));
    const lx = right - w - 8;
    const boxH = f.legend.length * 20 + 8;
    const by = f.text.legendAt === 'bottom-right' ? bottom - boxH - 8 : top + 8;
    out.push(`<g class="legend"><rect x="${n2(lx)}" y="${n2(by)}" width="${n2(w)}" height="${boxH}" fill="#ffffff" fill-opacity="0.85" stroke="#ccc"/>`);
    f.legend.forEach((label, i) => {
      const ly = by + 14 + i * 20;
      out.push(`<rect x="${n2(lx + 8)}" y="${ly - 9}" width="16" height="10" fill="${color(i)}"/><text x="${n2(lx + 30)}" y="${ly}">${escapeXml(label)}</text>`);
    });
    out.push('</g>');
  }
  if (f.legend.length === 0 && f.xTicks.length === 0) out.push(`<text x="${n2(width / 2)}" y="${n2(height / 2)}" text-anchor="middle">no data</text>`);
  out.push('</svg>');
  return out.join('\n');
}

function extent(values: number[]): Domain {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : [0, 1];
}

function polyline(points: readonly Point[], x: (v: number) => number, y: (v: number) => number, i: number): string {
  if (points.length === 0) return '';
  if (points.length === 1) {
    const [p] = points;
    return p ? `<circle cx="${n2(x(p[0]))}" cy="${n2(y(p[1]))}" r="3" fill="${color(i)}"/>` : '';
  }
  const d = points.map(([a, b]) => `${n2(x(a))},${n2(y(b))}`).join(' ');
  return `<polyline fill="none" stroke="${color(i)}" stroke-width="1.5" stroke-linejoin="round" points="${d}"/>`;
}

/** Lines over a shared x axis (time series). */
export function lineChart(text: ChartText & { series: readonly LineSeries[]; yDomain?: Domain }): string {
  const series = text.series.map((s) => ({ label: s.label, points: decimate(finitePoints(s.points)) }));
  const all = series.flatMap((s) => s.points);
  const [x0, x1] = extent(all.map((p) => p[0]));
  const [y0, y1] = text.yDomain ?? extent(all.map((p) => p[1]));
  return renderFrame({
    text,
    xTicks: niceTicks(x0, x1),
    yTicks: niceTicks(y0, y1),
    legend: series.map((s) => s.label),
    body: (x, y) => series.map((s, i) => polyline(s.points, x, y, i)).join(''),
  });
}

/** Points of an empirical CDF: [value, percent of samples <= value], as a step line. */
export function cdfPoints(values: readonly number[]): Point[] {
  const sorted = finiteValues(values).sort((a, b) => a - b);
  const n = sorted.length;
  const out: Point[] = [];
  sorted.forEach((v, i) => {
    out.push([v, (100 * i) / n], [v, (100 * (i + 1)) / n]);
  });
  return out;
}

/** Empirical CDFs of several sample sets, y in percent of samples. */
export function cdfChart(text: ChartText & { series: readonly SampleSet[] }): string {
  return lineChart({ legendAt: 'bottom-right', ...text, series: text.series.map((s) => ({ label: s.label, points: cdfPoints(s.values) })), yDomain: [0, 100] });
}

/** Histogram counts over shared bins: `edges` has bins + 1 entries; `shares` are percent per series. */
export function histogramBins(sets: readonly SampleSet[], bins = PLOT_DEFAULTS.bins): { edges: number[]; shares: number[][] } {
  const all = sets.flatMap((s) => finiteValues(s.values));
  const ticks = niceTicks(...extent(all));
  const [lo, hi] = [ticks[0] ?? 0, ticks.at(-1) ?? 1];
  const width = (hi - lo) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => lo + i * width);
  const shares = sets.map((s) => {
    const vs = finiteValues(s.values);
    const counts = new Array<number>(bins).fill(0);
    for (const v of vs) {
      const k = Math.min(bins - 1, Math.max(0, Math.floor((v - lo) / width)));
      counts[k] = (counts[k] ?? 0) + 1;
    }
    return counts.map((c) => (vs.length === 0 ? 0 : (100 * c) / vs.length));
  });
  return { edges, shares };
}

/** Overlaid histograms (percent of each set's samples per bin). */
export function histogramChart(text: ChartText & { series: readonly SampleSet[]; bins?: number }): string {
  const { edges, shares } = histogramBins(text.series, text.bins);
  const maxShare = Math.max(0, ...shares.flat());
  return renderFrame({
    text,
    xTicks: niceTicks(edges[0] ?? 0, edges.at(-1) ?? 1),
    yTicks: niceTicks(0, maxShare > 0 ? maxShare : 1),
    legend: text.series.map((s) => s.label),
    body: (x, y) =>
      shares
        .map((row, i) =>
          row
            .map((share, k) => {
              if (share <= 0) return '';
              const [a, b] = [x(edges[k] ?? 0), x(edges[k + 1] ?? 0)];
              return `<rect x="${n2(a)}" y="${n2(y(share))}" width="${n2(Math.max(0.5, b - a - 1))}" height="${n2(y(0) - y(share))}" fill="${color(i)}" fill-opacity="${text.series.length > 1 ? 0.5 : 0.85}"/>`;
            })
            .join(''),
        )
        .join(''),
  });
}
