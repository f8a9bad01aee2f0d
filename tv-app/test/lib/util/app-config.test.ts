import { expect } from 'chai';
import { TV_CONFIG_DEFAULTS, TvConfigError, parseTvConfig, serviceUrls } from '../../../src/lib/util/app-config.js';

describe('lib/app-config', () => {
  it('defaults API and broker to the page origin (http -> ws, https -> wss)', () => {
    const config = parseTvConfig({ apiBaseUrl: '', brokerUrl: '' });
    expect(serviceUrls(config, { protocol: 'http:', host: 'tv.example:8080' })).to.deep.equal({
      apiBaseUrl: 'http://tv.example:8080',
      brokerUrl: 'ws://tv.example:8080/ws',
    });
    expect(serviceUrls(config, { protocol: 'https:', host: 'tv.example' }).brokerUrl).to.equal('wss://tv.example/ws');
  });

  it('uses configured URLs as given (trailing slash trimmed on the API)', () => {
    const config = parseTvConfig({ apiBaseUrl: 'https://api.example/', brokerUrl: 'wss://mq.example/mqtt' });
    expect(serviceUrls(config, { protocol: 'http:', host: 'x' })).to.deep.equal({
      apiBaseUrl: 'https://api.example',
      brokerUrl: 'wss://mq.example/mqtt',
    });
  });

  it('merges over defaults and validates each key with a coded error', () => {
    expect(parseTvConfig(undefined)).to.deep.equal(TV_CONFIG_DEFAULTS);
    expect(parseTvConfig({ protocol: 'hls' }).protocol).to.equal('hls');
    expect(() => parseTvConfig({ protocol: 'smooth' })).to.throw(TvConfigError, /protocol/);
    expect(() => parseTvConfig({ bannerTimeoutMs: -1 })).to.throw(TvConfigError, /bannerTimeoutMs/);
    expect(parseTvConfig(undefined).brokerAuth, 'the built-in broker checks device tokens').to.equal('device');
    expect(parseTvConfig({ brokerAuth: 'anonymous' }).brokerAuth).to.equal('anonymous');
    expect(() => parseTvConfig({ brokerAuth: 'token' })).to.throw(TvConfigError, /brokerAuth/);
    expect(parseTvConfig(undefined).brokerPresence, 'the built-in broker counts subscriptions').to.equal(false);
    expect(parseTvConfig({ brokerPresence: true }).brokerPresence).to.equal(true);
    expect(() => parseTvConfig({ brokerPresence: 'yes' })).to.throw(TvConfigError, /brokerPresence/);
    expect(() => parseTvConfig('x')).to.throw(TvConfigError);
  });
});

describe('lib/app-config query overrides', () => {
  it('lets ?protocol=hls|dash override the configured protocol, and ignores anything else', async () => {
    const { withQueryOverrides } = await import('../../../src/lib/util/app-config.js');
    const base = parseTvConfig({ protocol: 'dash' });
    expect(withQueryOverrides(base, '?protocol=hls').protocol).to.equal('hls');
    expect(withQueryOverrides(parseTvConfig({ protocol: 'hls' }), '?protocol=dash').protocol).to.equal('dash');
    expect(withQueryOverrides(base, '?protocol=smooth').protocol).to.equal('dash');
    expect(withQueryOverrides(base, '')).to.equal(base);
  });

  it('lets ?source=live and ?liveLatencyMs= choose the live manifests per device, ignoring malformed values', async () => {
    const { withQueryOverrides } = await import('../../../src/lib/util/app-config.js');
    const base = parseTvConfig({});
    expect(base.source).to.equal('programs');
    const live = withQueryOverrides(base, '?source=live&liveLatencyMs=10000');
    expect([live.source, live.liveLatencyMs]).to.deep.equal(['live', 10_000]);
    const bad = withQueryOverrides(base, '?source=satellite&liveLatencyMs=-5');
    expect([bad.source, bad.liveLatencyMs]).to.deep.equal(['programs', TV_CONFIG_DEFAULTS.liveLatencyMs]);
    expect(parseTvConfig({ source: 'live', liveLatencyMs: 6000 })).to.include({ source: 'live', liveLatencyMs: 6000 });
    expect(() => parseTvConfig({ source: 'cable' })).to.throw(TvConfigError, /source/);
    expect(() => parseTvConfig({ liveLatencyMs: 0 })).to.throw(TvConfigError, /liveLatencyMs/);
  });

  it('takes readyNeighbours from 0 to 2 (settings, or ?readyNeighbours= for a low-end device), refusing anything else', async () => {
    const { withQueryOverrides } = await import('../../../src/lib/util/app-config.js');
    const base = parseTvConfig({});
    expect(base.readyNeighbours).to.equal(2);
    expect(parseTvConfig({ readyNeighbours: 0 }).readyNeighbours).to.equal(0);
    expect(withQueryOverrides(base, '?readyNeighbours=0').readyNeighbours).to.equal(0);
    expect(withQueryOverrides(base, '?readyNeighbours=1').readyNeighbours).to.equal(1);
    for (const bad of ['3', '-1', '1.5', 'all']) expect(withQueryOverrides(base, `?readyNeighbours=${bad}`).readyNeighbours, bad).to.equal(2);
    for (const bad of [3, -1, 1.5, '2', null]) expect(() => parseTvConfig({ readyNeighbours: bad }), String(bad)).to.throw(TvConfigError, /readyNeighbours/);
  });
});

