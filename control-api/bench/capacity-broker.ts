// bench:capacity, the broker half — one level of steady-state viewers on one broker node, and the
// time exchanges per second one node answers; on the built-in Aedes node (fanout-broker.ts) or on
// Debian's mosquitto with the service node (the standard-broker deployment) as its client.
import type { ChildProcess } from 'node:child_process';
import mqtt, { type MqttClient } from 'mqtt';
import { Topics, encode } from '#core/protocol.js';
import { lines, nextJson, spawnHelper, startAedes, startMosquitto, startServiceNode, stop } from './bench-procs.js';
import type { SteadyRates } from './capacity-model.js';

export type Engine = 'aedes' | 'mosquitto';

export interface BrokerRunOptions {
  workers: number; // worker processes holding the viewers
  channels: number; // channels the viewers are spread over
  rates: SteadyRates;
  burstGapMs: number; // between the exchanges of one refresh burst, ms
  settleMs: number; // after the viewers are connected and the traffic started, before measuring, ms
}

export interface LevelRun {
  viewers: number;
  connected: number;
  seconds: number;
  deliveries: number[]; // ms, every server-stamped delivery
  beacon: number[]; // ms
  timeRtt: number[]; // ms
  timeSent: number;
  timeAnswered: number;
}

export interface ExchangeRun {
  clients: number;
  seconds: number;
  exchanges: number;
  rtt: number[]; // ms
}

interface WorkerResult {
  deliveries: number[];
  beacon: number[];
  timeRtt: number[];
  timeSent: number;
  timeAnswered: number;
}

/** A broker of `engine` with the protocol's server side on it; stopped by the returned function. */
async function startEngine(engine: Engine, beaconMs: number): Promise<{ port: number; stop(): Promise<void> }> {
  const beacon = ['--beacon-ms', String(beaconMs)];
  if (engine === 'aedes') return startAedes(beacon);
  const broker = await startMosquitto();
  try {
    const service = await startServiceNode(`mqtt://127.0.0.1:${broker.port}`, beacon);
    return {
      port: broker.port,
      stop: async () => {
        await service.stop();
        await broker.stop();
      },
    };
  } catch (err) {
    await broker.stop();
    throw err;
  }
}

/**
 * The service's output besides the beacon, as the service user: per channel, chat and aggregated
 * reactions at their rates and now-playing (retained) at each program boundary, spread evenly over
 * the channels (what the broker fans out; what makes it is not measured here).
 */
function startTraffic(port: number, channels: number, rates: SteadyRates): Promise<{ stop(): Promise<void> }> {
  return new Promise((resolve, reject) => {
    const c: MqttClient = mqtt.connect(`mqtt://127.0.0.1:${port}`, { clientId: `bench-service-${process.pid}`, username: 'streamsync-server', password: 'bench', protocolVersion: 4, reconnectPeriod: 0 });
    c.once('error', reject);
    c.once('connect', () => {
      (c.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
      const wall = () => Math.round(performance.timeOrigin + performance.now());
      const timers: ReturnType<typeof setInterval>[] = [];
      /** `perChannelPerMinute` messages per channel, one channel after another. */
      const every = (perChannelPerMinute: number, send: (channel: string, seq: number) => void) => {
        if (perChannelPerMinute <= 0) return;
        let seq = 0;
        const periodMs = 60_000 / (perChannelPerMinute * channels);
        const tickMs = Math.max(periodMs, 10);
        const t0 = performance.now();
        timers.push(
          setInterval(() => {
            const due = Math.floor((performance.now() - t0) / periodMs);
            for (; seq < due; seq++) send(`c${seq % channels}`, seq);
          }, tickMs),
        );
      };
      every(rates.chatPerChannelMin, (ch, seq) => c.publish(Topics.chat(ch), encode({ v: 1, id: `m${seq}`, channelId: ch, from: 'Viewer 0000', text: `chat ${seq}`, serverTimeMs: wall(), offsetMs: null, programId: null })));
      every(rates.reactionBurstsPerChannelMin, (ch) => {
        const t = wall();
        c.publish(Topics.reactions(ch), encode({ v: 1, channelId: ch, windowStartMs: t - 1000, windowMs: 1000, counts: { like: 3 } }));
      });
      every(1 / rates.programMin, (ch, seq) => c.publish(Topics.channelNow(ch), JSON.stringify({ v: 1, serverTimeMs: wall(), channelId: ch, seq }), { retain: true }));
      resolve({
        stop: async () => {
          for (const t of timers) clearInterval(t);
          await new Promise<void>((r) => c.end(false, {}, () => r()));
        },
      });
    });
  });
}

/** Spreads `total` viewers over the workers; every worker announces ready with its count. */
async function startWorkers(port: number, total: number, o: { workers: number; prefix: string; args: string[] }): Promise<{ procs: ChildProcess[]; its: AsyncIterator<string>[]; connected: number }> {
  const per = Math.ceil(total / o.workers);
  const procs: ChildProcess[] = [];
  const its: AsyncIterator<string>[] = [];
  for (let w = 0; w < o.workers; w++) {
    const count = Math.min(per, total - w * per);
    if (count <= 0) break;
    const p = spawnHelper('capacity-worker.ts', ['--url', `mqtt://127.0.0.1:${port}`, '--count', String(count), '--prefix', `${o.prefix}-w${w}`, '--first', String(w * per), ...o.args]);
    procs.push(p);
    its.push(lines(p));
  }
  const ready = await Promise.all(its.map((it) => nextJson<{ clients: number }>(it, 'ready')));
  return { procs, its, connected: ready.reduce((a, r) => a + r.clients, 0) };
}

async function measure(procs: ChildProcess[], its: AsyncIterator<string>[], seconds: number): Promise<WorkerResult[]> {
  for (const p of procs) p.stdin?.write('start\n');
  await new Promise((r) => setTimeout(r, seconds * 1000));
  for (const p of procs) p.stdin?.write('stop\n');
  return Promise.all(its.map((it) => nextJson<WorkerResult>(it, 'result')));
}

/** `viewers` steady-state viewers on a fresh broker of `engine` for `seconds` of measurement. */
export async function runLevel(engine: Engine, viewers: number, seconds: number, o: BrokerRunOptions): Promise<LevelRun> {
  const broker = await startEngine(engine, o.rates.beaconMs);
  let procs: ChildProcess[] = [];
  try {
    const args = ['--mode', 'steady', '--channels', String(o.channels), '--refresh-ms', String(o.rates.refreshMs), '--refresh-burst', String(o.rates.refreshBurst), '--burst-gap-ms', String(o.burstGapMs)];
    const w = await startWorkers(broker.port, viewers, { workers: o.workers, prefix: `${engine}-${viewers}`, args });
    procs = w.procs;
    const traffic = await startTraffic(broker.port, o.channels, o.rates);
    await new Promise((r) => setTimeout(r, o.settleMs));
    const results = await measure(w.procs, w.its, seconds);
    await traffic.stop();
    return {
      viewers,
      connected: w.connected,
      seconds,
      deliveries: results.flatMap((r) => r.deliveries),
      beacon: results.flatMap((r) => r.beacon),
      timeRtt: results.flatMap((r) => r.timeRtt),
      timeSent: results.reduce((a, r) => a + r.timeSent, 0),
      timeAnswered: results.reduce((a, r) => a + r.timeAnswered, 0),
    };
  } finally {
    await Promise.all(procs.map((p) => stop(p)));
    await broker.stop();
  }
}

/** `clients` viewers each asking for the time again as soon as answered, for `seconds`. */
export async function runExchanges(engine: Engine, clients: number, seconds: number, o: Pick<BrokerRunOptions, 'workers' | 'rates'>): Promise<ExchangeRun> {
  const broker = await startEngine(engine, o.rates.beaconMs);
  let procs: ChildProcess[] = [];
  try {
    const w = await startWorkers(broker.port, clients, { workers: o.workers, prefix: `${engine}-x`, args: ['--mode', 'exchange'] });
    procs = w.procs;
    const results = await measure(w.procs, w.its, seconds);
    return { clients: w.connected, seconds, exchanges: results.reduce((a, r) => a + r.timeAnswered, 0), rtt: results.flatMap((r) => r.timeRtt) };
  } finally {
    await Promise.all(procs.map((p) => stop(p)));
    await broker.stop();
  }
}
