// One network scenario, end to end: a broker on this host, a viewer host behind a veth whose traffic
// goes through a shaped relay (shaped-relay.ts), the
// probe (netem-probe.ts) run there, and the figures of its samples. Shared by the test and the bench.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startHarness } from '../broker/harness.js';
import { createViewerHost } from './netns.js';
import { startShapedRelay, type Shape } from './shaped-relay.js';
import type { ProbeInput, ProbeOutput } from './netem-probe.js';

export interface NetemScenario {
  name: string;
  toViewer: Shape;
  toServer: Shape;
}

export const NETEM_SCENARIOS = {
  jittery: { name: '40 +- 10 ms each way, 1 % loss', toViewer: { delayMs: 40, jitterMs: 10, lossPct: 1 }, toServer: { delayMs: 40, jitterMs: 10, lossPct: 1 } },
  asymmetric: { name: '60 ms down, 10 ms up', toViewer: { delayMs: 60 }, toServer: { delayMs: 10 } },
} satisfies Record<string, NetemScenario>;

export interface ScenarioFigures {
  name: string;
  errorP50Ms: number;
  errorP95Ms: number;
  errorMaxMs: number;
  spreadP95Ms: number;
  minRttMs: number[];
}

const PROBE = fileURLToPath(new URL('./netem-probe.ts', import.meta.url));
let slot = 0;

const pct = (values: number[], p: number) => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

export async function runNetemScenario(scenario: NetemScenario, options: { sampleMs: number; viewers?: number; skewMs?: number }): Promise<ScenarioFigures> {
  slot = (slot % 250) + 1;
  const host = createViewerHost(slot);
  const broker = await startHarness();
  const relay = await startShapedRelay({ host: host.serverIp, target: { host: '127.0.0.1', port: broker.tcpPort }, toViewer: scenario.toViewer, toServer: scenario.toServer });
  try {
    const input: ProbeInput = { url: `mqtt://${host.serverIp}:${relay.port}`, viewers: options.viewers ?? 2, skewMs: options.skewMs ?? 123_456.789, settleMs: 2_000, sampleMs: options.sampleMs, everyMs: 50 };
    const out = await new Promise<ProbeOutput>((resolve, reject) => {
      const child = spawn('ip', ['netns', 'exec', host.name, process.execPath, '--import', 'tsx', PROBE, JSON.stringify(input)], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('exit', (code) => {
        if (code === 0) resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as ProbeOutput);
        else reject(new Error(`the probe on the viewer host exited with ${code}: ${stderr.slice(-2000)}`));
      });
    });
    const errors = out.errors.flat();
    return { name: scenario.name, errorP50Ms: pct(errors, 50), errorP95Ms: pct(errors, 95), errorMaxMs: Math.max(...errors), spreadP95Ms: pct(out.spreads, 95), minRttMs: out.minRttMs };
  } finally {
    await relay.close();
    await broker.close();
    host.destroy();
  }
}
