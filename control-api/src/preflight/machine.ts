// The real machine behind the preflight: program lookup on PATH, dpkg, and apt-get (as root or
// through `sudo -n`), with apt's progress turned into a few readable lines.
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Logger } from '../contracts/logger.js';
import type { InstallMethod, PackageInstaller } from './preflight.js';
import type { MachineLookup } from './system-packages.js';

export const MACHINE_DEFAULTS = {
  extraDirs: ['/usr/sbin', '/sbin'], // searched after PATH (daemons such as mosquitto live there)
  progressStepPercent: 10, // percent of packages set up between two progress lines
};

export function machineLookup(env: Record<string, string | undefined>): MachineLookup {
  const dirs = [...(env.PATH ?? '').split(delimiter).filter(Boolean), ...MACHINE_DEFAULTS.extraDirs];
  return {
    which(command) {
      for (const dir of dirs) {
        const path = join(dir, command);
        try {
          accessSync(path, constants.X_OK);
          return path;
        } catch {
          // not here
        }
      }
      return null;
    },
    fileExists: (path) => existsSync(path),
    dpkgInstalled(pkg) {
      const r = spawnSync('dpkg-query', ['-W', '-f=${db:Status-Status}', pkg], { encoding: 'utf8' });
      return r.status === 0 && r.stdout === 'installed';
    },
  };
}

/** Counts apt-get install's "Setting up" lines against its "N newly installed" total. */
export function aptProgress(logger: Logger, stepPercent = MACHINE_DEFAULTS.progressStepPercent): (line: string) => void {
  let total = 0;
  let done = 0;
  let lastShown = -1;
  return (line) => {
    const planned = /(\d+) newly installed/.exec(line);
    if (planned?.[1]) {
      total = Number(planned[1]);
      logger.info({ total }, `apt-get: ${total} packages to install`);
      return;
    }
    const setting = /^Setting up ([^\s]+)/.exec(line);
    if (!setting?.[1] || total === 0) return;
    done += 1;
    const pct = Math.min(100, Math.floor((done / total) * 100));
    const step = Math.floor(pct / stepPercent);
    if (step > lastShown || done === total) {
      lastShown = step;
      logger.info({ done, total, percent: pct, package: setting[1] }, `apt-get: ${done}/${total} set up (${pct}%) — ${setting[1]}`);
    }
  };
}

function run(command: string, args: string[], onLine: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const tail: string[] = [];
    const feed = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line.trim()) continue;
        tail.push(line);
        if (tail.length > 5) tail.shift();
        onLine(line);
      }
    };
    child.stdout.on('data', feed);
    child.stderr.on('data', feed);
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${[command, ...args].join(' ')} exited with ${code}: ${tail.join(' | ')}`))));
  });
}

export const aptInstaller: PackageInstaller = {
  async method(): Promise<InstallMethod | null> {
    if (process.getuid?.() === 0) return 'root';
    const sudo = spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' });
    return sudo.status === 0 ? 'sudo' : null;
  },
  async install(packages, method, logger) {
    const prefix = method === 'sudo' ? ['sudo', '-n'] : [];
    const apt = (args: string[], onLine: (line: string) => void) => {
      const [command, ...rest] = [...prefix, 'apt-get', ...args];
      return run(command ?? 'apt-get', rest, onLine);
    };
    logger.info('apt-get update (the package lists)…');
    await apt(['update', '-q'], () => undefined);
    await apt(['install', '-y', '-q', ...packages], aptProgress(logger));
  },
};
