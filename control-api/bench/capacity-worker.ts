// bench:capacity helper — a worker process holding many simulated TVs (mqtt-lite.ts: raw-TCP MQTT,
// Nagle off), in one of two modes:
//   steady    each viewer holds a TV's subscription set (its own 4 filters and 4 of its channel,
//             viewer i on channel c{(first + i) % channels}) and, once measuring, refreshes its clock
//             as a locked TV does: a burst of --refresh-burst time exchanges --burst-gap-ms apart
//             every --refresh-ms, each viewer at its own random phase. Every server-stamped delivery
//             (beacon, chat, reactions, now) is a latency sample; time exchanges are counted and timed.
//   exchange  each viewer asks for the time again as soon as its answer arrives (closed loop): the
//             time exchanges per second a node answers, and their round trip.
// Protocol on stdio (JSON lines): {"type":"ready","clients":N,"failed":F} once all have connected or
// failed; "start" zeroes the counters; "stop" ends the sending, waits --drain-ms for answers in
// flight, prints {"type":"result",...} and exits.
// Args: --url mqtt://127.0.0.1:P --count N --prefix id --mode steady|exchange --channels 500
//       --first 0 --refresh-ms 300000 --refresh-burst 4 --burst-gap-ms 40 --drain-ms 1000
import { createInterface } from 'node:readline';
import { liteSubscribe, type LiteSubscriber } from './mqtt-lite.js';
import { Topics } from '#core/protocol.js';
import { positiveArg } from './bench-args.js';
import { arg } from './stats.js';

const url = new URL(arg('url', ''));
const count = positiveArg('count', 100);
const prefix = arg('prefix', 'w0');
const mode = arg('mode', 'steady');
const channels = positiveArg('channels', 500);
const first = Number(arg('first', '0'));
const refreshMs = positiveArg('refresh-ms', 300_000);
const refreshBurst = positiveArg('refresh-burst', 4);
const burstGapMs = positiveArg('burst-gap-ms', 40);
const drainMs = positiveArg('drain-ms', 1000);
const connectTimeoutMs = 15_000; // a viewer not subscribed by then counts as failed (ms)
const now = () => performance.timeOrigin + performance.now();

const deliveries: number[] = []; // ms from the server's stamp to arrival
const beacon: number[] = [];
const timeRtt: number[] = [];
let timeSent = 0;
let sending = false; // from "start" to "stop": requests go out, deliveries are samples
let counting = false; // from "start" to the result: answers to requests are counted

function onMessage(client: () => Viewer | undefined, topic: string, payload: Buffer): void {
  if (!counting) return;
  const at = now();
  let p: { serverTimeMs?: unknown; windowStartMs?: unknown; windowMs?: unknown; t0?: unknown };
  try {
    p = JSON.parse(payload.toString()) as typeof p;
  } catch {
    return;
  }
  if (topic.startsWith(Topics.timeResponse(''))) {
    if (typeof p.t0 !== 'number') return;
    timeRtt.push(at - p.t0);
    if (mode === 'exchange' && sending) ask(client());
    return;
  }
  if (!sending) return;
  let stamp: number | null = null;
  if (typeof p.windowStartMs === 'number' && typeof p.windowMs === 'number') stamp = p.windowStartMs + p.windowMs;
  else if (typeof p.serverTimeMs === 'number') stamp = p.serverTimeMs;
  if (stamp === null) return;
  deliveries.push(at - stamp);
  if (topic === Topics.time) beacon.push(at - stamp);
}

interface Viewer extends LiteSubscriber {
  id: string;
}

function ask(c: Viewer | undefined): void {
  if (!c || !sending) return;
  timeSent++;
  c.publish(Topics.timeRequest(c.id), JSON.stringify({ v: 1, t0: now() }));
}

async function connectOne(i: number): Promise<Viewer | null> {
  const id = `${prefix}-${i}`;
  const channel = `c${(first + i) % channels}`;
  const filters =
    mode === 'exchange'
      ? [Topics.timeResponse(id)]
      : [Topics.time, Topics.lineup, Topics.controlSync, Topics.timeResponse(id), Topics.channelNow(channel), Topics.chat(channel), Topics.reactions(channel), Topics.viewers(channel)];
  let viewer: Viewer | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), connectTimeoutMs)));
  const connected = liteSubscribe({ host: url.hostname, port: Number(url.port), clientId: id, filters }, (topic, payload) => onMessage(() => viewer, topic, payload))
    .then((c) => (viewer = { ...c, id }))
    .catch(() => null);
  const r = await Promise.race([connected, timeout]);
  clearTimeout(timer);
  if (r === null) {
    void connected.then((c) => c?.close());
    return null;
  }
  return r;
}

const clients: Viewer[] = [];
let failed = 0;
const batch = 100;
for (let i = 0; i < count; i += batch) {
  const made = await Promise.all(Array.from({ length: Math.min(batch, count - i) }, (_, k) => connectOne(i + k)));
  for (const c of made) {
    if (c) clients.push(c);
    else failed++;
  }
}
process.stdout.write(`${JSON.stringify({ type: 'ready', clients: clients.length, failed })}\n`);

/** Steady refresh: every viewer's bursts at its own phase of the period, from a 50 ms tick. */
function startRefresh(): () => void {
  const order = clients.map((c) => ({ c, phase: Math.random() * refreshMs })).sort((a, b) => a.phase - b.phase);
  const t0 = performance.now();
  let next = 0; // index into order, over cycles
  const tick = setInterval(() => {
    const elapsed = performance.now() - t0;
    for (;;) {
      const o = order[next % order.length];
      if (!o || o.phase + Math.floor(next / order.length) * refreshMs > elapsed) break;
      next++;
      for (let k = 0; k < refreshBurst; k++) setTimeout(() => ask(o.c), k * burstGapMs);
    }
  }, 50);
  return () => clearInterval(tick);
}

let stopRefresh = () => {};
const rl = createInterface({ input: process.stdin });
rl.on('line', (line) => {
  if (line === 'start') {
    deliveries.length = beacon.length = timeRtt.length = 0;
    timeSent = 0;
    counting = true;
    sending = true;
    if (mode === 'exchange') for (const c of clients) ask(c);
    else stopRefresh = startRefresh();
  } else if (line === 'stop') {
    sending = false;
    stopRefresh();
    setTimeout(() => {
      counting = false;
      process.stdout.write(`${JSON.stringify({ type: 'result', deliveries, beacon, timeRtt, timeSent, timeAnswered: timeRtt.length })}\n`);
      for (const c of clients) c.close();
      rl.close();
      setTimeout(() => process.exit(0), 200);
    }, mode === 'exchange' ? 0 : drainMs);
  }
});
