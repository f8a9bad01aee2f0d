import { expect } from 'chai';
import { CAPACITY_DEFAULTS, CAPACITY_PARTS, capacityUsage, parseCapacityOptions } from '../../bench/capacity-options.js';
import { CLOCK_ESTIMATOR_DEFAULTS } from '#core/sync/clock-estimator.js';
import { loadSettings } from '../../src/config/load-settings.js';

const parse = (...args: string[]) => parseCapacityOptions(['node', 'capacity.ts', ...args]);

describe('bench:capacity options', () => {
  it('has a default for every option', () => {
    const o = parse();
    expect(o.levels).to.deep.equal([2000, 5000, 10_000, 20_000, 40_000]);
    // The steady state of the product: the project's beacon period and the TV clock's refresh.
    const settings = loadSettings(new URL('../../../settings.json', import.meta.url).pathname, {});
    expect(o.rates.beaconMs).to.equal(settings.services.time.beaconIntervalMs);
    expect(o.rates.refreshMs).to.equal(CLOCK_ESTIMATOR_DEFAULTS.refreshIntervalMs);
    expect(o.rates.refreshBurst).to.equal(CLOCK_ESTIMATOR_DEFAULTS.refreshBurstSize);
    expect(o.parts).to.deep.equal([...CAPACITY_PARTS]);
    expect(o.brokers).to.deep.equal(['aedes', 'mosquitto']);
  });

  it('takes --name value and --name=value, and passes --json by', () => {
    const o = parse('--beacon-ms', '1000', '--refresh-ms=60000', '--json', 'out.json', '--levels', '100,200');
    expect(o.rates.beaconMs).to.equal(1000);
    expect(o.rates.refreshMs).to.equal(60_000);
    expect(o.levels).to.deep.equal([100, 200]);
  });

  it('refuses a bad value, naming the option, what it expected and its unit', () => {
    expect(() => parse('--beacon-ms', '0')).to.throw(/--beacon-ms: expected a positive number \(ms, time beacon period/);
    expect(() => parse('--workers', '1.5')).to.throw(/--workers: expected a positive integer/);
    expect(() => parse('--levels', '100,x')).to.throw(/--levels: expected positive whole numbers/);
    expect(() => parse('--brokers', 'emqx')).to.throw(/--brokers: expected some of aedes, mosquitto, got emqx/);
    expect(() => parse('--seconds')).to.throw(/--seconds: expected a value/);
  });

  it('refuses an unknown option', () => {
    expect(() => parse('--viewers', '10')).to.throw(/--viewers: unknown option/);
  });

  it('allows zero chat and reactions (the protocol alone)', () => {
    const o = parse('--chat-per-channel-min', '0', '--reactions-per-channel-min', '0');
    expect(o.rates.chatPerChannelMin).to.equal(0);
  });

  it('lists every option in --help', () => {
    const usage = capacityUsage();
    for (const k of Object.keys(CAPACITY_DEFAULTS)) expect(usage).to.contain(`--${k}`);
  });
});
