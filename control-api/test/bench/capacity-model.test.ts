import { expect } from 'chai';
import { ASSUMPTION_DEFAULTS, STEADY_DEFAULTS, brokerEngine, exchangesPerJoin, planCapacity, viewerRates, type Assumptions, type MeasuredInputs } from '../../bench/capacity-model.js';

function measured(overrides: Partial<MeasuredInputs> = {}): MeasuredInputs {
  return {
    aedesViewersPerNode: 20_000,
    mosquittoViewersPerNode: 50_000,
    aedesExchangesPerSecond: 5000,
    serviceExchangesPerSecond: 4000,
    nowRps: 10_000,
    epgRps: 1000,
    playlistRps: 5000,
    typicalRungBitsPerSecond: 3_000_000,
    ...overrides,
  };
}

function assumptions(overrides: Partial<Assumptions> = {}): Assumptions {
  return { ...ASSUMPTION_DEFAULTS, clusterViewersPerNode: 50_000, exchangesPerJoin: 80, ladderBitsPerSecond: 10_728_000, ...overrides };
}

describe('bench:capacity model', () => {
  it('keeps a viewer at most 0.1 messages/s from the protocol itself with the steady-state defaults', () => {
    const r = viewerRates(STEADY_DEFAULTS);
    expect(r.beacon).to.be.closeTo(1_000 / STEADY_DEFAULTS.beaconMs, 1e-9);
    expect(r.timeResponses).to.be.closeTo(4 / 300, 1e-9);
    expect(r.idle).to.be.at.most(0.1);
    expect(r.up).to.equal(r.timeResponses);
    expect(r.down).to.be.closeTo(r.idle + 0.2 / 60 + 0.5 / 60 + 1 / 1800, 1e-9);
  });

  it('counts a join as the first burst and one burst per gap of the doubling ramp', () => {
    // gaps 1, 2, 4, ..., 256 s are below 300 s: nine ramp bursts after the first
    expect(exchangesPerJoin({ burstSize: 8, rampStartMs: 1000, refreshMs: 300_000 })).to.equal(80);
    expect(exchangesPerJoin({ burstSize: 8, rampStartMs: 1000, refreshMs: 1000 })).to.equal(8);
  });

  it('chooses the smallest broker tier whose one node holds the size with headroom', () => {
    expect(brokerEngine(12_000, measured(), 0.6)).to.equal('aedes');
    expect(brokerEngine(12_001, measured(), 0.6)).to.equal('mosquitto');
    expect(brokerEngine(30_001, measured(), 0.6)).to.equal('cluster');
  });

  it('plans a small audience on the built-in broker, with no service node', () => {
    const row = planCapacity(10_000, 500, STEADY_DEFAULTS, measured(), assumptions());
    expect(row.engine).to.equal('aedes');
    expect(row.brokerNodes).to.equal(1);
    expect(row.serviceNodes).to.equal(0);
    expect(row.connections).to.equal(10_000);
  });

  it('plans a cluster by viewers per node with headroom, and service nodes by time exchanges', () => {
    const row = planCapacity(1_000_000, 500, STEADY_DEFAULTS, measured(), assumptions());
    expect(row.engine).to.equal('cluster');
    expect(row.brokerNodes).to.equal(Math.ceil(1_000_000 / 30_000));
    const exchanges = (1_000_000 * 4) / 300 + (1_000_000 / 7200) * 80;
    expect(row.timeExchangesPerSecond).to.be.closeTo(exchanges, 1e-6);
    expect(row.serviceNodes).to.equal(Math.ceil(exchanges / 2400));
    expect(row.connections).to.equal(1_000_000 + row.serviceNodes);
  });

  it('turns viewers x the typical rung into CDN egress, and the misses into origin egress', () => {
    const row = planCapacity(100_000, 500, STEADY_DEFAULTS, measured(), assumptions({ cdnHitRatio: 0.9 }));
    expect(row.cdnEgressGbps).to.be.closeTo(300, 1e-9);
    expect(row.cdnTerabytesPerDay).to.be.closeTo((300e9 / 8) * 86_400 / 1e12, 1e-9);
    expect(row.originEgressGbps).to.be.closeTo(30, 1e-9);
    expect(row.originMachines).to.equal(Math.ceil(30 / 6));
  });

  it('caps origin egress at every PoP pulling every rung of every channel once', () => {
    const row = planCapacity(1_000_000, 500, STEADY_DEFAULTS, measured(), assumptions({ cdnHitRatio: 0.9, cdnPops: 20 }));
    expect(row.originEgressGbps).to.be.closeTo((20 * 500 * 10_728_000) / 1e9, 1e-9);
    expect(row.originEgressGbps).to.be.below(row.cdnEgressGbps * 0.1);
  });

  it('sizes API processes by the busy time of each route, live playlists capped by what the CDN fetches', () => {
    const a = assumptions();
    const row = planCapacity(100_000, 500, STEADY_DEFAULTS, measured(), a);
    const joins = 100_000 / 7200;
    const now = joins + (100_000 * 6) / 3600;
    const epg = joins + (100_000 * 2) / 3600;
    const playlists = Math.min((100_000 * 0.1) / 2, (20 * 500 * 3) / 2);
    expect(row.apiRequestsPerSecond).to.be.closeTo(now + epg + playlists, 1e-6);
    expect(row.apiProcesses).to.equal(Math.ceil((now / 10_000 + epg / 1000 + playlists / 5000) / 0.6));
  });
});
