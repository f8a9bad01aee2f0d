import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import {
  cdfChart, cdfPoints, decimate, escapeXml, formatTick, histogramBins, histogramChart, lineChart, linearScale, niceTicks, type Point,
} from '../../bench/report/svg-plot.js';
import { buildCharts } from '../../bench/report/plots.js';
import { anOutcome, aResult } from './builders.js';

/** Well-formed XML, checked by libxml2's xmllint (a system package of the project). */
function assertWellFormed(svg: string): void {
  const r = spawnSync('xmllint', ['--noout', '-'], { input: svg, encoding: 'utf8' });
  expect(r.error, 'xmllint must be installed').to.equal(undefined);
  expect(r.stderr).to.equal('');
  expect(r.status).to.equal(0);
}

const numbersIn = (svg: string, attr: string) => [...svg.matchAll(new RegExp(`\\s${attr}="([^"]*)"`, 'g'))].map((m) => Number(m[1]));
const text = { title: 'Sync error <per> viewer & more', xLabel: 'time (s)', yLabel: 'error (ms)', width: 400, height: 300 };

describe('SVG plots', () => {
  describe('scales and ticks', () => {
    it('maps a domain linearly onto a range, inverted for y', () => {
      const y = linearScale([0, 10], [300, 0]);
      expect([y(0), y(5), y(10)]).to.deep.equal([300, 150, 0]);
      expect(linearScale([3, 3], [0, 100])(3)).to.equal(50);
    });

    it('picks round steps that enclose the data', () => {
      expect(niceTicks(0, 10, 5)).to.deep.equal([0, 2, 4, 6, 8, 10]);
      expect(niceTicks(0.13, 0.97, 4)).to.deep.equal([0, 0.2, 0.4, 0.6, 0.8, 1]);
      expect(niceTicks(-3.2, 148, 6)).to.deep.equal([-20, 0, 20, 40, 60, 80, 100, 120, 140, 160]);
      const t = niceTicks(1234, 98765, 6);
      expect(t[0]).to.be.at.most(1234);
      expect(t.at(-1)).to.be.at.least(98765);
    });

    it('survives a constant value, reversed bounds and non-finite bounds', () => {
      expect(niceTicks(5, 5).length).to.be.greaterThan(1);
      expect(niceTicks(0, 0)).to.include(0);
      expect(niceTicks(10, 0)).to.deep.equal(niceTicks(0, 10));
      expect(niceTicks(Number.NaN, Number.POSITIVE_INFINITY).every(Number.isFinite)).to.equal(true);
    });

    it('formats ticks with the decimals of the step', () => {
      expect([formatTick(0.5, 0.25), formatTick(2, 0.5), formatTick(100, 25), formatTick(0.002, 0.001)]).to.deep.equal(['0.50', '2.0', '100', '0.002']);
    });
  });

  it('draws a line chart: well-formed, sized, titled (escaped), one polyline and legend entry per series', () => {
    const svg = lineChart({ ...text, series: [
      { label: 'viewer 1', points: [[0, 0.1], [1, -0.3], [2, 0.2]] },
      { label: 'viewer 2', points: [[0, 0.4], [1, 0.1], [2, -0.1]] },
    ] });
    assertWellFormed(svg);
    expect(svg).to.match(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="400" height="300"/);
    expect(svg).to.include('Sync error &lt;per&gt; viewer &amp; more');
    expect(svg.match(/<polyline /g)).to.have.length(2);
    expect(svg).to.include('>viewer 1</text>').and.include('>viewer 2</text>');
    expect(svg).not.to.match(/NaN|Infinity|undefined/);
  });

  it('keeps every point inside the plot area', () => {
    const svg = lineChart({ ...text, series: [{ label: 'a', points: [[0, -5], [10, 5], [3, 100]] }] });
    const pts = /points="([^"]+)"/.exec(svg)?.[1]?.split(' ').map((p) => p.split(',').map(Number)) ?? [];
    expect(pts).to.have.length(3);
    for (const [x, y] of pts) {
      expect(x).to.be.within(72, 400 - 24);
      expect(y).to.be.within(48, 300 - 56);
    }
  });

  it('drops non-finite values and draws empty or single-point data without NaN', () => {
    for (const svg of [
      lineChart({ ...text, series: [{ label: 'a', points: [[0, Number.NaN], [Number.POSITIVE_INFINITY, 1], [1, 2]] }] }),
      lineChart({ ...text, series: [] }),
      lineChart({ ...text, series: [{ label: 'flat', points: [[0, 3], [1, 3]] }] }),
      cdfChart({ ...text, series: [{ label: 'none', values: [] }] }),
      histogramChart({ ...text, series: [{ label: 'same', values: [2, 2, 2] }] }),
    ]) {
      assertWellFormed(svg);
      expect(svg).not.to.match(/NaN|Infinity|undefined/);
      for (const attr of ['x', 'y', 'x1', 'y2', 'width', 'height', 'cx']) {
        expect(numbersIn(svg, attr).every(Number.isFinite), attr).to.equal(true);
      }
    }
  });

  it('builds a CDF as steps from 0 to 100 %', () => {
    expect(cdfPoints([3, 1, 2, 2])).to.deep.equal([[1, 0], [1, 25], [2, 25], [2, 50], [2, 50], [2, 75], [3, 75], [3, 100]]);
    const svg = cdfChart({ ...text, series: [{ label: 'aedes', values: [1, 2, 3] }, { label: 'mosquitto', values: [2, 4] }] });
    assertWellFormed(svg);
    expect(svg.match(/<polyline /g)).to.have.length(2);
  });

  it('bins histograms over shared edges, as percent of each set', () => {
    const { edges, shares } = histogramBins([{ label: 'a', values: [0, 0, 1, 9.99] }, { label: 'b', values: [5] }], 10);
    expect(edges).to.have.length(11);
    expect(edges[0]).to.equal(0);
    expect(edges.at(-1)).to.equal(10);
    expect(shares[0]?.reduce((a, b) => a + b, 0)).to.be.closeTo(100, 1e-9);
    expect(shares[0]?.[0]).to.equal(50);
    expect(shares[0]?.[9]).to.equal(25);
    expect(shares[1]?.[5]).to.equal(100);
    const svg = histogramChart({ ...text, series: [{ label: 'a', values: [0, 0, 1, 9.99] }], bins: 10 });
    assertWellFormed(svg);
    const plotArea = /<g class="plot">(.*?)<\/g>/s.exec(svg)?.[1] ?? '';
    expect(plotArea.match(/<rect /g)).to.have.length(3); // three non-empty bins
  });

  it('decimates long lines but keeps the extremes', () => {
    const pts: Point[] = Array.from({ length: 10_000 }, (_, i) => [i, i === 7777 ? 1000 : Math.sin(i)]);
    const d = decimate(pts, 600);
    expect(d.length).to.be.at.most(600);
    expect(d.some(([, y]) => y === 1000)).to.equal(true);
  });

  it('escapes XML text', () => {
    expect(escapeXml(`a<b>&"c'`)).to.equal('a&lt;b&gt;&amp;&quot;c&apos;');
  });

  it('turns the benches\' series into one chart per plot id', () => {
    const charts = buildCharts([
      anOutcome({ bench: 'tv', result: aResult({ bench: 'tv', series: [
        { kind: 'timeseries', plot: 'tv-sync-error', plotTitle: 'Sync error over time per viewer', id: 'v1', label: 'viewer 1', xUnit: 's', unit: 'ms', points: [[0, 1], [1, 2]] },
        { kind: 'timeseries', plot: 'tv-sync-error', id: 'v2', label: 'viewer 2', xUnit: 's', unit: 'ms', points: [[0, 2], [1, 1]] },
      ] }) }),
      anOutcome({ bench: 'clock', result: aResult({ bench: 'clock', series: [{ kind: 'samples', plot: 'clock-error', chart: 'histogram', id: 'e', label: 'error', unit: 'ms', values: [1, 2] }] }) }),
      anOutcome({ bench: 'pipeline', status: 'missing', result: null }),
    ]);
    expect(charts.map((c) => [c.id, c.title])).to.deep.equal([['tv-tv-sync-error', 'Sync error over time per viewer'], ['clock-clock-error', 'clock: clock-error']]);
    expect(charts[0]?.svg.match(/<polyline /g)).to.have.length(2);
    expect(charts[1]?.svg).to.include('% of samples per bin');
  });
});
