import { expect } from 'chai';
import { formatBits, formatSigned, panelTexts, snapshotOf, wallSpread, type ViewerSnapshot } from '../../emulator/src/panel-model.js';

function qa(overrides: { errorMs?: number | null; programId?: string; playing?: boolean } = {}): unknown {
  return {
    channel: { id: 'one', number: 1, name: 'One' },
    program: { id: overrides.programId ?? 'p1', title: 'Alpha' },
    playing: overrides.playing ?? true,
    clock: { state: 'synced', offsetMs: -185000.25, uncertaintyMs: 0.7, driftPpm: 12 },
    sync: { state: 'locked', errorMs: overrides.errorMs === undefined ? 0.4 : overrides.errorMs, rate: 1.0005 },
    media: { rungHeight: 360, rungBandwidth: 1_032_000, estimatedBandwidth: 6_200_000, bufferAheadSec: 7.34 },
    brokerUp: true,
    device: { clockSkewMs: 185000, clockDriftPpm: 60, clientId: 'emu-r-2' },
  };
}

describe('emulator/panel-model', () => {
  it('reads the QA state defensively (null before the app exposes it, nulls for missing parts)', () => {
    expect(snapshotOf(undefined)).to.equal(null);
    const partial = snapshotOf({ playing: true, clock: { offsetMs: 'x' } });
    expect(partial?.clockOffsetMs).to.equal(null);
    expect(partial?.rungHeight).to.equal(null);
    expect(partial?.brokerUp).to.equal(false);
  });

  it('formats every panel figure with its unit', () => {
    const t = panelTexts(snapshotOf(qa()));
    expect(t).to.deep.equal({
      channel: '1 One',
      program: 'Alpha',
      clockOffset: '−185000.25 ms',
      clockUncertainty: '±0.70 ms',
      positionError: '+0.40 ms',
      rate: '1.0005',
      rung: '360p · 1.03 Mb/s',
      bandwidth: '6.20 Mb/s',
      buffer: '7.3 s',
      mqtt: 'connected',
      device: '+185000 ms · 60 ppm',
    });
    expect(panelTexts(null).channel).to.equal('booting…');
    expect(formatSigned(0)).to.equal('±0.0 ms');
    expect(formatBits(150_000)).to.equal('150 kb/s');
  });

  it('the wall spread is max − min of the reported errors of viewers on the same program', () => {
    const s = (errorMs: number | null, programId = 'p1', currentTimeSec: number | null = 10): { snapshot: ViewerSnapshot | null; currentTimeSec: number | null } => ({
      snapshot: snapshotOf(qa({ errorMs, programId })),
      currentTimeSec,
    });
    const spread = wallSpread([s(0.5, 'p1', 10.0005), s(-1.5, 'p1', 9.9985), s(2, 'p1', 10.002)]);
    expect(spread.reportedMs).to.be.closeTo(3.5, 1e-9);
    expect(spread.mediaMs).to.be.closeTo(3.5, 1e-6);
    expect(spread.note).to.equal('all viewers');
    expect(wallSpread([s(1), s(null)]).reportedMs).to.equal(null); // one viewer is not a spread
    expect(wallSpread([s(1), s(2, 'p2')]).note).to.equal('viewers are on different programs');
    const partial = wallSpread([s(1), s(4), { snapshot: null, currentTimeSec: null }]);
    expect(partial.reportedMs).to.equal(3);
    expect(partial.note).to.equal('2 of 3 playing');
  });
});
