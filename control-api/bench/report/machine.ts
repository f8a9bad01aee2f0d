// The machine a bench run happens on: CPU, cores, memory, OS, Node, ffmpeg and Chromium versions,
// and the load average at the start (a busy machine explains noisy figures).
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import type { Machine } from './bench-result.js';

export const MACHINE_DEFAULTS = {
  ffmpegPath: 'ffmpeg',
  chromiumPath: '/usr/bin/chromium',
  versionTimeoutMs: 10_000, // milliseconds per version probe
};

/** First line of a command's stdout, or null when it cannot run. */
export function firstLine(cmd: string, args: readonly string[], timeoutMs = MACHINE_DEFAULTS.versionTimeoutMs): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(cmd, [...args], { timeout: timeoutMs }, (err, stdout) => {
      const line = String(stdout).split('\n').find((l) => l.trim() !== '');
      resolve(err || !line ? null : line.trim());
    });
  });
}

async function osName(): Promise<string> {
  try {
    const text = await readFile('/etc/os-release', 'utf8');
    const m = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(text);
    if (m?.[1]) return m[1];
  } catch {
    // not Linux, or no os-release: fall back to the platform name
  }
  return `${os.type()} ${os.release()}`;
}

export async function describeMachine(options: Partial<typeof MACHINE_DEFAULTS> = {}): Promise<Machine> {
  const o = { ...MACHINE_DEFAULTS, ...options };
  const load = os.loadavg();
  const cpus = os.cpus();
  const [name, ffmpeg, chromium] = await Promise.all([
    osName(),
    firstLine(o.ffmpegPath, ['-version']).then((l) => l?.replace(/ Copyright.*$/, '') ?? null),
    firstLine(o.chromiumPath, ['--version']),
  ]);
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism?.() ?? cpus.length,
    memoryBytes: os.totalmem(),
    os: name,
    kernel: os.release(),
    node: process.version,
    ffmpeg,
    chromium,
    loadAverage: [load[0] ?? 0, load[1] ?? 0, load[2] ?? 0],
  };
}
