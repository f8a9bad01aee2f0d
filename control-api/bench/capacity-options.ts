// bench:capacity's options: one object of defaults with units, parsed from argv and validated once
// (a bad value stops the bench with a message naming the option and what it expected).
import { STEADY_DEFAULTS, type SteadyRates } from './capacity-model.js';
import type { Engine } from './capacity-broker.js';

export const CAPACITY_PARTS = ['broker', 'time', 'api', 'media'] as const;
export type CapacityPart = (typeof CAPACITY_PARTS)[number];
const ENGINES: readonly Engine[] = ['aedes', 'mosquitto'];

/** Every option: [default, unit and meaning]. */
export const CAPACITY_DEFAULTS = {
  levels: ['2000,5000,10000,20000,40000', 'viewers per level of the upward search, comma-separated'],
  'max-viewers': [40_000, 'viewers, the highest level run'],
  seconds: [36, 's of measurement per level (3 beacons at the default period)'],
  'settle-ms': [2000, 'ms between the viewers connected and the measurement'],
  workers: [3, 'worker processes holding the simulated viewers'],
  channels: [500, 'channels the viewers are spread over (also bench:api and bench:live)'],
  brokers: ['aedes,mosquitto', 'engines: aedes (built-in), mosquitto (Debian, with the service node; the reference)'],
  parts: [CAPACITY_PARTS.join(','), 'what to measure'],
  'beacon-ms': [STEADY_DEFAULTS.beaconMs, 'ms, time beacon period (services.time.beaconIntervalMs)'],
  'refresh-ms': [STEADY_DEFAULTS.refreshMs, 'ms, clock refresh period once locked (refreshIntervalMs)'],
  'refresh-burst': [STEADY_DEFAULTS.refreshBurst, 'time exchanges per refresh (refreshBurstSize)'],
  'chat-per-channel-min': [STEADY_DEFAULTS.chatPerChannelMin, 'chat messages per channel per minute'],
  'reactions-per-channel-min': [STEADY_DEFAULTS.reactionBurstsPerChannelMin, 'aggregated reaction messages per channel per minute'],
  'program-min': [STEADY_DEFAULTS.programMin, 'minutes, mean program (now-playing republished at each boundary)'],
  'exchange-clients': [200, 'clients asking for the time in a closed loop'],
  'exchange-seconds': [5, 's of closed-loop time exchanges per engine'],
  'api-seconds': [3, 's of load per case of bench:api and bench:live'],
  'media-seconds': [20, 's of generated source through the ladder'],
  'media-height': [1080, 'px, height of the generated source (rungs above it are left out)'],
  'typical-rung': ['720p', 'the rung the model takes as what a viewer watches (CDN egress)'],
} as const;

type Key = keyof typeof CAPACITY_DEFAULTS;

export interface CapacityOptions {
  levels: number[];
  maxViewers: number;
  seconds: number;
  settleMs: number;
  workers: number;
  channels: number;
  brokers: Engine[];
  parts: CapacityPart[];
  rates: SteadyRates;
  exchangeClients: number;
  exchangeSeconds: number;
  apiSeconds: number;
  mediaSeconds: number;
  mediaHeight: number;
  typicalRung: string;
}

export class CapacityOptionError extends Error {
  readonly code = 'SS_BENCH_OPTION_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'CapacityOptionError';
  }
}

/** `--help`: every option with its default and unit. */
export function capacityUsage(): string {
  const rows = Object.entries(CAPACITY_DEFAULTS).map(([k, [d, what]]) => `  --${k.padEnd(26)} ${String(d).padEnd(28)} ${what}`);
  return ['npm run bench:capacity -- [options]', ...rows, `  --${'json <file>'.padEnd(26)} ${''.padEnd(28)} also write the BenchResult there`].join('\n');
}

export function parseCapacityOptions(argv: readonly string[]): CapacityOptions {
  const given = new Map<string, string>();
  const args = argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (!a.startsWith('--')) throw new CapacityOptionError(`unexpected argument ${a}`);
    const [name, inline] = a.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if (name === 'json') {
      if (inline === undefined) i++;
      continue;
    }
    if (!(name in CAPACITY_DEFAULTS)) throw new CapacityOptionError(`--${name}: unknown option (npm run bench:capacity -- --help lists them)`);
    const value = inline ?? args[++i];
    if (value === undefined) throw new CapacityOptionError(`--${name}: expected a value`);
    given.set(name, value);
  }
  const text = (k: Key) => given.get(k) ?? String(CAPACITY_DEFAULTS[k][0]);
  const num = (k: Key, o: { integer?: boolean; allowZero?: boolean } = {}) => {
    const raw = text(k);
    const x = Number(raw);
    const ok = Number.isFinite(x) && (o.allowZero ? x >= 0 : x > 0) && (!o.integer || Number.isInteger(x));
    if (!ok) throw new CapacityOptionError(`--${k}: expected a ${o.allowZero ? 'non-negative' : 'positive'} ${o.integer ? 'integer' : 'number'} (${CAPACITY_DEFAULTS[k][1]}), got ${raw}`);
    return x;
  };
  const list = <T extends string>(k: Key, known: readonly T[]): T[] => {
    const items = text(k).split(',').map((s) => s.trim()).filter(Boolean);
    const bad = items.filter((s) => !(known as readonly string[]).includes(s));
    if (items.length === 0 || bad.length > 0) throw new CapacityOptionError(`--${k}: expected some of ${known.join(', ')}, got ${text(k)}`);
    return items as T[];
  };
  const levels = text('levels').split(',').map((s) => Number(s.trim()));
  if (levels.length === 0 || levels.some((l) => !Number.isInteger(l) || l <= 0)) throw new CapacityOptionError(`--levels: expected positive whole numbers of viewers, comma-separated, got ${text('levels')}`);
  const typicalRung = text('typical-rung');
  if (!/^[A-Za-z0-9_-]+$/.test(typicalRung)) throw new CapacityOptionError(`--typical-rung: expected a rung name of settings.json's ladder, got ${typicalRung}`);
  return {
    levels,
    maxViewers: num('max-viewers', { integer: true }),
    seconds: num('seconds'),
    settleMs: num('settle-ms', { allowZero: true }),
    workers: num('workers', { integer: true }),
    channels: num('channels', { integer: true }),
    brokers: list('brokers', ENGINES),
    parts: list('parts', CAPACITY_PARTS),
    rates: {
      beaconMs: num('beacon-ms'),
      refreshMs: num('refresh-ms'),
      refreshBurst: num('refresh-burst', { integer: true }),
      chatPerChannelMin: num('chat-per-channel-min', { allowZero: true }),
      reactionBurstsPerChannelMin: num('reactions-per-channel-min', { allowZero: true }),
      programMin: num('program-min'),
    },
    exchangeClients: num('exchange-clients', { integer: true }),
    exchangeSeconds: num('exchange-seconds'),
    apiSeconds: num('api-seconds', { integer: true }),
    mediaSeconds: num('media-seconds'),
    mediaHeight: num('media-height', { integer: true }),
    typicalRung,
  };
}
