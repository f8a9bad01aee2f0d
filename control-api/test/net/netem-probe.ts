// Run on the viewer host (`ip netns exec <ns> node --import tsx netem-probe.ts <json>`): Node viewers
// (the TV's clock estimator over mqtt.js) on one local clock skewed by a known amount sync to the
// broker, then the estimate of each is sampled; prints one JSON line: each viewer's error against the
// truth (the true offset is minus the skew: both hosts share this machine's clock) and the spread
// between the viewers at the same instants.
import { ViewerClient } from '../../src/viewer/viewer-client.js';

export interface ProbeInput {
  url: string;
  viewers: number;
  skewMs: number;
  settleMs: number; // ms after the first estimate before sampling
  sampleMs: number; // ms of sampling
  everyMs: number;
}

export interface ProbeOutput {
  /** |estimated offset - true offset| of every sample, per viewer (ms). */
  errors: number[][];
  /** Largest difference between the viewers' estimates at each sampled instant (ms). */
  spreads: number[];
  /** The viewers' best round trips (ms). */
  minRttMs: number[];
}

const input = JSON.parse(process.argv[2] ?? '{}') as ProbeInput;
const localNow = () => performance.timeOrigin + performance.now() + input.skewMs;
const viewers = Array.from({ length: input.viewers }, (_, i) => new ViewerClient({ url: input.url, clientId: `netem-${process.pid}-${i}`, interactions: false, localNow }));
await Promise.all(viewers.map((v) => v.start()));
await Promise.all(viewers.map((v) => v.waitSynced(60_000)));
await new Promise((r) => setTimeout(r, input.settleMs));
const out: ProbeOutput = { errors: viewers.map(() => []), spreads: [], minRttMs: [] };
const until = Date.now() + input.sampleMs;
while (Date.now() < until) {
  const at = localNow();
  const offsets = viewers.map((v) => v.clock.estimate(at).offsetMs);
  offsets.forEach((o, i) => out.errors[i]?.push(Math.abs(o + input.skewMs)));
  out.spreads.push(Math.max(...offsets) - Math.min(...offsets));
  await new Promise((r) => setTimeout(r, input.everyMs));
}
out.minRttMs = viewers.map((v) => v.clock.estimate(localNow()).minRttMs);
await Promise.all(viewers.map((v) => v.close()));
process.stdout.write(`${JSON.stringify(out)}\n`);
process.exit(0);
