import { expect } from 'chai';
import { awaitsRecovery, frameSamples, judgeSync, sampleSync } from './sync-bound.js';

const rule = { boundMs: 50, maxRecoverySamples: 3, maxDisturbanceMs: 200 };

describe('browser test support: sync-bound (what a run of sync samples must show)', () => {
  it('passes samples all within the bound', () => {
    expect(judgeSync([0.3, -1.2, 49.9, -50], rule).ok).to.equal(true);
  });

  it('tolerates one short disturbance between samples in sync', () => {
    const v = judgeSync([0.3, 1.0, -33.4, -77.5, -60.2, -8.4, 2.0], rule);
    expect(v).to.deep.equal({ ok: true, note: 'one disturbance of 77.5 ms over 2 sample(s), recovered' });
  });

  it('fails a steady offset, a slow recovery, two disturbances, one too large, or one at either end', () => {
    expect(judgeSync([60, 61, 59, 60], rule).note).to.equal('beyond the bound from the first sample');
    expect(judgeSync([1, 70, 65, 60, 55, 10], rule).note).to.equal('4 samples in a row beyond the bound (a recovery may take 3)');
    expect(judgeSync([1, 70, 1, 70, 1], rule).note).to.equal('2 runs of samples beyond 50 ms');
    expect(judgeSync([1, 250, 1], rule).note).to.equal('a disturbance of 250.0 ms (over 200 ms)');
    expect(judgeSync([1, 2, 70], rule).note).to.equal('still beyond the bound at the last sample');
    for (const errors of [[60, 61, 59, 60], [1, 70, 65, 60, 55, 10], [1, 70, 1, 70, 1], [1, 250, 1], [1, 2, 70]]) {
      expect(judgeSync(errors, rule).ok, errors.join(', ')).to.equal(false);
    }
  });

  it('counts a run at the start as a disturbance only where the viewer was seen locked just before', () => {
    expect(judgeSync([-71.4, -6.8, -6.1, -6.6], rule).note).to.equal('beyond the bound from the first sample');
    expect(judgeSync([-71.4, -6.8, -6.1, -6.6], { ...rule, inSyncBefore: true })).to.deep.equal({ ok: true, note: 'one disturbance of 71.4 ms over 1 sample(s), recovered' });
    expect(judgeSync([60, 61, 59, 60], { ...rule, inSyncBefore: true }).ok, 'a steady offset still fails').to.equal(false);
    expect(judgeSync([70, 65, 60, 55, 1], { ...rule, inSyncBefore: true }).ok, 'a slow recovery still fails').to.equal(false);
  });

  it('asks for more samples while the window ends inside a disturbance that may still recover', () => {
    expect(awaitsRecovery([1, 2, 3], 50)).to.equal(false);
    expect(awaitsRecovery([1, -44.7, -140.7, 135.8], 50, 3)).to.equal(true);
    expect(awaitsRecovery([1, 70, -140.7, 135.8, 90], 50, 3), 'longer than a recovery: judge it').to.equal(false);
    expect(awaitsRecovery([1, 70, 1], 50)).to.equal(false);
  });

  it('samples a frame log every 100 ms in its window, and on past it while a disturbance may recover', () => {
    const frames = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((i) => ({ wall: 1_000 + i * 50, errorMs: i }));
    expect(frameSamples(frames, 1_050, 1_300, { boundMs: 50 })).to.deep.equal([1, 3, 5]);
    const late = frames.map((f) => ({ ...f, errorMs: f.wall === 1_300 || f.wall === 1_400 ? -70 : f.errorMs === 12 ? null : 2 }));
    expect(frameSamples(late, 1_000, 1_300, { boundMs: 50, limitWall: 2_000 }), 'on through the disturbance').to.deep.equal([2, 2, 2, -70, -70, 2]);
    expect(frameSamples(late, 1_000, 1_300, { boundMs: 50 }), 'not past the limit').to.deep.equal([2, 2, 2, -70]);
    expect(frameSamples(late, 1_500, 1_600, { boundMs: 50, limitWall: 2_000 }), 'a frame with no error is beyond the bound').to.deep.equal([2, Infinity]);
    expect(frameSamples(late, 1_500, 1_600, { boundMs: 50, limitWall: 2_000, everyMs: 50 })).to.deep.equal([2, 2, Infinity]);
  });

  it('takes samples on an injected clock until enough are taken and none ends the window in a disturbance', async () => {
    let t = 0;
    const clock = { now: () => t, wait: async (ms: number) => void (t += ms) };
    const series = [null, 1, 2, 3, -80, 2];
    const taken = await sampleSync(async () => series.shift() ?? null, { samples: 4, boundMs: 50, everyMs: 150, timeoutMs: 10_000, ...clock });
    expect(taken).to.deep.equal([1, 2, 3, -80, 2]);
    expect(t, 'one miss (200 ms) and five samples (150 ms each)').to.equal(200 + 5 * 150);
    t = 0;
    const never = await sampleSync(async () => null, { samples: 4, boundMs: 50, everyMs: 150, timeoutMs: 1_000, ...clock });
    expect(never, 'no samples by the timeout').to.deep.equal([]);
    expect(t).to.equal(1_000);
  });
});
