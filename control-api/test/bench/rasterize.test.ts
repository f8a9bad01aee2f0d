import { expect } from 'chai';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rasterizeSvgs } from '../../bench/report/rasterize.js';
import { lineChart } from '../../bench/report/svg-plot.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('SVG to PNG with headless Chromium', function () {
  this.timeout(60_000);
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ss-bench-png-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes a PNG of the chart\'s own size with the chart drawn on it', async () => {
    const svg = lineChart({ title: 'small', xLabel: 's', yLabel: 'ms', width: 320, height: 200, series: [{ label: 'a', points: [[0, 0], [1, 1]] }] });
    const path = join(dir, 'small.png');
    expect(await rasterizeSvgs([{ svg, width: 320, height: 200, path }])).to.deep.equal([path]);
    const png = await readFile(path);
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).to.equal(true);
    expect(png.subarray(12, 16).toString('ascii')).to.equal('IHDR');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).to.deep.equal([320, 200]);
    // A blank page compresses to almost nothing; axes, text and a line do not.
    const blank = join(dir, 'blank.png');
    await rasterizeSvgs([{ svg: '<svg xmlns="http://www.w3.org/2000/svg" width="320" height="200"><rect width="320" height="200" fill="#fff"/></svg>', width: 320, height: 200, path: blank }]);
    expect(png.length).to.be.greaterThan(3 * (await readFile(blank)).length);
  });
});
