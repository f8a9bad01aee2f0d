// bench:fanout — simulated viewers in several worker processes, all subscribed to the beacon and
// one channel's chat and reactions. At each level (default 1k, 5k, 10k viewers) prints
// deliveries/s and delivery latency p50/p95/p99, against the Aedes broker and, as the reference in
// the same run, Debian's mosquitto (spawned on a free loopback port); then the ratio.
// Goal: 10k viewers with beacon p95 <= 100 ms on 2 cores.
// Options: --levels 1000,5000,10000 --workers 3 --seconds 10 --brokers aedes,mosquitto
import { type ChildProcess } from 'node:child_process';
import mqtt, { type MqttClient } from 'mqtt';
import { Topics, encode } from '#core/protocol.js';
import { arg, fmt, summary } from './stats.js';
import { lines, nextJson, spawnHelper, startAedes, startMosquitto, stop } from './bench-procs.js';
import { finite, jsonOutputPath, quantileSample, writeBenchResult, type Figure } from './report/bench-result.js';

const levels = arg('levels', '1000,5000,10000').split(',').map(Number);
const workers = Number(arg('workers', '3'));
const seconds = Number(arg('seconds', '10'));
const brokers = arg('brokers', 'aedes,mosquitto').split(',');
const channel = 'ch1';
const chatPerSecond = 2;
const reactsPerSecond = 10;

interface Result {
  broker: string;
  viewers: number;
  deliveriesPerSecond: number;
  beacon: ReturnType<typeof summary>;
  chat: ReturnType<typeof summary>;
  reactions: ReturnType<typeof summary>;
  beaconSamples: number[]; // a bounded sample of the beacon latencies (for the report's plots)
}

/** Traffic for one run: on Aedes a viewer posts chat and reactions (the broker stamps, aggregates
 *  and beacons itself); on mosquitto the generator publishes the equivalent output directly. */
function startTraffic(kind: string, port: number): Promise<{ stop(): Promise<void> }> {
  return new Promise((resolve, reject) => {
    const c: MqttClient = mqtt.connect(`mqtt://127.0.0.1:${port}`, { clientId: `bench-gen-${process.pid}`, protocolVersion: 4, reconnectPeriod: 0 });
    c.once('error', reject);
    c.once('connect', () => {
      (c.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
      const wall = () => performance.timeOrigin + performance.now();
      const timers: ReturnType<typeof setInterval>[] = [];
      let seq = 0;
      let reacts = 0;
      timers.push(
        setInterval(() => {
          if (kind === 'aedes') c.publish(Topics.chatPost(channel), encode({ v: 1, text: `chat ${seq}` }));
          else c.publish(Topics.chat(channel), encode({ v: 1, id: `m${seq}`, channelId: channel, from: 'Viewer 0000', text: `chat ${seq}`, serverTimeMs: Math.round(wall()), offsetMs: null, programId: null }));
        }, 1000 / chatPerSecond),
        setInterval(() => {
          if (kind === 'aedes') c.publish(Topics.react(channel), encode({ v: 1, id: 'like' }));
          else reacts++;
        }, 1000 / reactsPerSecond),
      );
      if (kind !== 'aedes') {
        timers.push(
          setInterval(() => {
            const t = Math.round(wall());
            c.publish(Topics.time, encode({ v: 1, serverTimeMs: t, seq: seq++, lineupVersion: 1 }));
            c.publish(Topics.reactions(channel), encode({ v: 1, channelId: channel, windowStartMs: t - 1000, windowMs: 1000, counts: { like: reacts } }));
            reacts = 0;
          }, 1000),
        );
      }
      resolve({
        stop: async () => {
          for (const t of timers) clearInterval(t);
          await new Promise<void>((r) => c.end(false, {}, () => r()));
        },
      });
    });
  });
}

async function runLevel(kind: string, port: number, viewers: number): Promise<Result> {
  const per = Math.ceil(viewers / workers);
  const procs: ChildProcess[] = [];
  const its: AsyncIterator<string>[] = [];
  for (let w = 0; w < workers; w++) {
    const count = Math.min(per, viewers - w * per);
    if (count <= 0) break;
    const p = spawnHelper('fanout-worker.ts', ['--url', `mqtt://127.0.0.1:${port}`, '--count', String(count), '--prefix', `${kind}-${viewers}-w${w}`, '--channel', channel]);
    procs.push(p);
    its.push(lines(p));
  }
  try {
    await Promise.all(its.map((it) => nextJson(it, 'ready')));
    const traffic = await startTraffic(kind, port);
    await new Promise((r) => setTimeout(r, 1500)); // let the first windows settle
    for (const p of procs) p.stdin?.write('start\n');
    await new Promise((r) => setTimeout(r, seconds * 1000));
    for (const p of procs) p.stdin?.write('stop\n');
    const results = await Promise.all(its.map((it) => nextJson<{ deliveries: number; beacon: number[]; chat: number[]; reactions: number[] }>(it, 'result')));
    await traffic.stop();
    return {
      broker: kind,
      viewers,
      deliveriesPerSecond: results.reduce((a, r) => a + r.deliveries, 0) / seconds,
      beacon: summary(results.flatMap((r) => r.beacon)),
      beaconSamples: quantileSample(results.flatMap((r) => r.beacon)),
      chat: summary(results.flatMap((r) => r.chat)),
      reactions: summary(results.flatMap((r) => r.reactions)),
    };
  } finally {
    await Promise.all(procs.map((p) => stop(p)));
  }
}

function print(r: Result): void {
  const l = (s: ReturnType<typeof summary>) => `p50 ${fmt(s.p50, 1)} p95 ${fmt(s.p95, 1)} p99 ${fmt(s.p99, 1)}`;
  console.log(
    `${r.broker.padEnd(9)} ${String(r.viewers).padStart(6)} viewers  ${fmt(r.deliveriesPerSecond, 0).padStart(8)} deliveries/s  beacon ms ${l(r.beacon)}  chat ms ${l(r.chat)}  reactions ms p95 ${fmt(r.reactions.p95, 1)}`,
  );
}

console.log(`bench:fanout  levels=${levels.join(',')} workers=${workers} seconds=${seconds} brokers=${brokers.join(',')}`);
const all: Result[] = [];
for (const kind of brokers) {
  for (const viewers of levels) {
    const broker = kind === 'mosquitto' ? await startMosquitto() : await startAedes();
    try {
      const r = await runLevel(kind, broker.port, viewers);
      all.push(r);
      print(r);
    } finally {
      await broker.stop();
    }
  }
}
if (brokers.includes('aedes') && brokers.includes('mosquitto')) {
  console.log('ratio aedes / mosquitto (beacon p95 latency; deliveries/s):');
  for (const viewers of levels) {
    const a = all.find((r) => r.broker === 'aedes' && r.viewers === viewers);
    const m = all.find((r) => r.broker === 'mosquitto' && r.viewers === viewers);
    if (a && m) console.log(`  ${String(viewers).padStart(6)} viewers  latency x${fmt(a.beacon.p95 / m.beacon.p95, 2)}  throughput x${fmt(a.deliveriesPerSecond / m.deliveriesPerSecond, 2)}`);
  }
}
const goal = all.find((r) => r.broker === 'aedes' && r.viewers >= 10_000);
if (goal) console.log(`goal (10k viewers, beacon p95 <= 100 ms): ${goal.beacon.p95 <= 100 ? 'met' : 'NOT met'} (${fmt(goal.beacon.p95, 1)} ms)`);

const jsonPath = jsonOutputPath();
if (jsonPath) {
  const figures: Figure[] = [];
  for (const r of all) {
    const peer = r.broker === 'aedes' ? all.find((m) => m.broker === 'mosquitto' && m.viewers === r.viewers) : undefined;
    if (r.broker !== 'aedes' && brokers.includes('aedes')) continue; // shown as the reference
    const ref = (value: number) => (peer ? { reference: { label: 'mosquitto', value: finite(value), unit: 'ms' } } : {});
    const at = `${r.viewers} viewers, ${r.broker}`;
    figures.push(
      { id: `beacon-p50-${r.viewers}`, label: `beacon delivery p50, ${at}`, value: finite(r.beacon.p50), unit: 'ms', ...ref(peer?.beacon.p50 ?? NaN) },
      {
        id: `beacon-p95-${r.viewers}`, label: `beacon delivery p95, ${at}`, value: finite(r.beacon.p95), unit: 'ms', ...ref(peer?.beacon.p95 ?? NaN),
        ...(r.viewers >= 10_000 && r.broker === 'aedes' ? { goal: { op: '<=' as const, value: 100 } } : {}),
      },
      { id: `beacon-p99-${r.viewers}`, label: `beacon delivery p99, ${at}`, value: finite(r.beacon.p99), unit: 'ms', ...ref(peer?.beacon.p99 ?? NaN) },
      { id: `chat-p95-${r.viewers}`, label: `chat delivery p95, ${at}`, value: finite(r.chat.p95), unit: 'ms', ...ref(peer?.chat.p95 ?? NaN) },
      {
        id: `deliveries-${r.viewers}`, label: `deliveries per second, ${at}`, value: finite(r.deliveriesPerSecond), unit: 'msg/s',
        ...(peer ? { reference: { label: 'mosquitto', value: finite(peer.deliveriesPerSecond), unit: 'msg/s' } } : {}),
      },
    );
  }
  await writeBenchResult(jsonPath, {
    bench: 'fanout',
    title: 'Beacon, chat and reactions fan-out',
    params: { levels: levels.join(','), workers, seconds, brokers: brokers.join(',') },
    figures,
    series: all.map((r) => ({
      kind: 'samples' as const, plot: 'beacon-latency', plotTitle: 'Beacon delivery latency per viewer count (CDF)', id: `beacon-${r.broker}-${r.viewers}`,
      label: `${r.broker}, ${r.viewers} viewers`, valueLabel: 'beacon delivery latency', unit: 'ms', values: r.beaconSamples,
    })),
  });
}
