// `npm run bench:netem`: sync over a bad network, viewers on a host of their own (a network namespace
// behind a veth; the link shaped in user space, this kernel having no netem: test/net/shaped-relay.ts).
// For each scenario: |estimated clock - truth| p50/p95/max of every viewer and the spread between the
// viewers at the same instants, after `--seconds` of sampling (goal: p95 <= 5 ms for both).
// Needs root and iproute2.
//
//   npx tsx control-api/bench/netem.ts [--seconds 30] [--viewers 2]
import { NETEM_SCENARIOS, runNetemScenario } from '../test/net/netem-scenario.js';
import { positiveArg } from './bench-args.js';

const seconds = positiveArg('seconds', 30);
const viewers = positiveArg('viewers', 2);
const GOAL_MS = 5;

console.log(`bench:netem  ${viewers} viewers per scenario, ${seconds} s of samples each (goal: p95 <= ${GOAL_MS} ms)`);
for (const scenario of Object.values(NETEM_SCENARIOS)) {
  const f = await runNetemScenario(scenario, { sampleMs: seconds * 1000, viewers });
  const met = (x: number) => (x <= GOAL_MS ? 'met' : 'not met');
  console.log(`  ${f.name}`);
  console.log(`    |estimate - truth| p50 ${f.errorP50Ms.toFixed(2)} ms  p95 ${f.errorP95Ms.toFixed(2)} ms  max ${f.errorMaxMs.toFixed(2)} ms  (${met(f.errorP95Ms)})`);
  console.log(`    between viewers    p95 ${f.spreadP95Ms.toFixed(2)} ms  (${met(f.spreadP95Ms)})   best round trips ${f.minRttMs.map((r) => r.toFixed(1)).join(', ')} ms`);
}
