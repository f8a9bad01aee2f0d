// bench:clock — N Node viewers (default 200) on loopback estimate the offset of a server clock that
// is deliberately shifted; prints |estimated - true| p50/p95/max (goal: p95 <= 2 ms).
// The broker and the viewers share one process and one time base, so the true offset is exactly
// the shift. Options: --viewers 200 --shift-ms 123456.789 --seconds 5 --transport tcp|ws
import Fastify from 'fastify';
import { createBrokerNode } from '../src/broker/broker-node.js';
import { brokerWsRoutes } from '../src/broker/plugin.js';
import { ViewerClient } from '../src/viewer/viewer-client.js';
import { loadSettings } from '../src/config/load-settings.js';
import { arg, fmt, summary } from './stats.js';
import { finite, jsonOutputPath, quantileSample, writeBenchResult } from './report/bench-result.js';

const viewers = Number(arg('viewers', '200'));
const shiftMs = Number(arg('shift-ms', '123456.789'));
const seconds = Number(arg('seconds', '5'));
const transport = arg('transport', 'tcp');

const settings = loadSettings(new URL('../../settings.json', import.meta.url).pathname, {});
const s = settings.services;
const localNow = () => performance.timeOrigin + performance.now();
const node = await createBrokerNode({
  settings: { mqtt: { ...s.mqtt, serverPassword: 'bench', redisUrl: null }, time: s.time, chat: s.chat, reactions: s.reactions },
  now: null,
  beacon: true,
  store: null,
  clock: () => localNow() + shiftMs,
});
const tcpPort = await node.listenTcp({ host: '127.0.0.1', port: 0 });
const http = Fastify();
http.decorate('settings', settings);
await http.register(brokerWsRoutes, { node });
await http.listen({ host: '127.0.0.1', port: 0 });
const httpAddr = http.server.address();
const url = transport === 'ws' && typeof httpAddr === 'object' && httpAddr ? `ws://127.0.0.1:${httpAddr.port}/ws` : `mqtt://127.0.0.1:${tcpPort}`;

console.log(`bench:clock  viewers=${viewers} transport=${transport} shift=${shiftMs} ms  (${url})`);
const clients: ViewerClient[] = [];
const t0 = Date.now();
for (let i = 0; i < viewers; i++) {
  const v = new ViewerClient({ url, clientId: `bench-clock-${i}`, interactions: false, localNow });
  clients.push(v);
  await v.start();
  if (i % 20 === 19) await new Promise((r) => setTimeout(r, 20)); // stagger the bursts a little
}
await Promise.all(clients.map((v) => v.waitSynced(30_000)));
console.log(`all synced in ${((Date.now() - t0) / 1000).toFixed(1)} s; sampling for ${seconds} s`);

const errors: number[] = [];
const uncertainty: number[] = [];
const end = Date.now() + seconds * 1000;
while (Date.now() < end) {
  for (const v of clients) {
    const e = v.estimate();
    errors.push(Math.abs(e.offsetMs - shiftMs));
    uncertainty.push(e.uncertaintyMs);
  }
  await new Promise((r) => setTimeout(r, 250));
}
const err = summary(errors);
const unc = summary(uncertainty);
console.log(`|estimated - true| ms   p50 ${fmt(err.p50)}   p95 ${fmt(err.p95)}   max ${fmt(err.max)}   (${err.n} samples)`);
console.log(`reported uncertainty ms p50 ${fmt(unc.p50)}   p95 ${fmt(unc.p95)}`);
console.log(`goal p95 <= 2 ms: ${err.p95 <= 2 ? 'met' : 'NOT met'}`);
const jsonPath = jsonOutputPath();
if (jsonPath) {
  const ms = (id: string, label: string, value: number, goal?: number) =>
    ({ id, label, value: finite(value), unit: 'ms', ...(goal === undefined ? {} : { goal: { op: '<=' as const, value: goal } }) });
  await writeBenchResult(jsonPath, {
    bench: 'clock',
    title: 'Clock estimation against a shifted server clock',
    params: { viewers, transport, shiftMs, seconds },
    figures: [
      ms('error-p50', `|estimated - true offset| p50, ${viewers} viewers (${transport})`, err.p50),
      ms('error-p95', `|estimated - true offset| p95, ${viewers} viewers (${transport})`, err.p95, 2),
      ms('error-max', '|estimated - true offset| max', err.max),
      ms('uncertainty-p50', 'reported uncertainty p50', unc.p50),
      ms('uncertainty-p95', 'reported uncertainty p95', unc.p95),
    ],
    series: [{ kind: 'samples', plot: 'clock-error', plotTitle: `Clock offset error, ${viewers} viewers`, chart: 'histogram', id: 'clock-error', label: '|estimated - true offset|', valueLabel: '|estimated - true offset|', unit: 'ms', values: quantileSample(errors) }],
  });
}

await Promise.all(clients.map((v) => v.close()));
await http.close();
await node.close();
