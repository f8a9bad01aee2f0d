// bench:fanout helper — a worker process holding many simulated viewers (minimal raw-TCP MQTT
// subscribers, Nagle off), each subscribed to the beacon and one channel's chat and reactions.
// Protocol on stdio (JSON lines): prints {"type":"ready"} once all are subscribed; on "start"
// it zeroes its counters, on "stop" it prints {"type":"result",...} and exits.
// Args: --url mqtt://127.0.0.1:P --count N --prefix id --channel ch1
import { createInterface } from 'node:readline';
import { liteSubscribe, type LiteSubscriber } from './mqtt-lite.js';
import { Topics } from '#core/protocol.js';
import { arg } from './stats.js';

const url = arg('url', '');
const count = Number(arg('count', '100'));
const prefix = arg('prefix', 'w0');
const channel = arg('channel', 'ch1');
const now = () => performance.timeOrigin + performance.now();

const lat = { beacon: [] as number[], chat: [] as number[], reactions: [] as number[] };
let deliveries = 0;
let measuring = false;

function onMessage(topic: string, payload: Buffer): void {
  if (!measuring) return;
  const at = now();
  deliveries++;
  try {
    const p = JSON.parse(payload.toString()) as { serverTimeMs?: number; windowStartMs?: number; windowMs?: number };
    if (topic === Topics.time && typeof p.serverTimeMs === 'number') lat.beacon.push(at - p.serverTimeMs);
    else if (topic === Topics.chat(channel) && typeof p.serverTimeMs === 'number') lat.chat.push(at - p.serverTimeMs);
    else if (topic === Topics.reactions(channel) && typeof p.windowStartMs === 'number' && typeof p.windowMs === 'number') {
      lat.reactions.push(at - (p.windowStartMs + p.windowMs));
    }
  } catch {
    // not ours
  }
}

const target = new URL(url);
function connectOne(i: number): Promise<LiteSubscriber> {
  return liteSubscribe(
    { host: target.hostname, port: Number(target.port), clientId: `${prefix}-${i}`, filters: [Topics.time, Topics.chat(channel), Topics.reactions(channel)] },
    onMessage,
  );
}

const clients: LiteSubscriber[] = [];
const batch = 100;
for (let i = 0; i < count; i += batch) {
  const n = Math.min(batch, count - i);
  clients.push(...(await Promise.all(Array.from({ length: n }, (_, k) => connectOne(i + k)))));
}
process.stdout.write(`${JSON.stringify({ type: 'ready', clients: clients.length })}\n`);

const rl = createInterface({ input: process.stdin });
rl.on('line', (line) => {
  if (line === 'start') {
    lat.beacon.length = lat.chat.length = lat.reactions.length = 0;
    deliveries = 0;
    measuring = true;
  } else if (line === 'stop') {
    measuring = false;
    process.stdout.write(`${JSON.stringify({ type: 'result', deliveries, ...lat })}\n`);
    for (const c of clients) c.close();
    rl.close();
    setTimeout(() => process.exit(0), 200);
  }
});
