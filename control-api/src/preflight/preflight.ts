// npm start's preflight: before anything listens, checks what the running system needs (Node's
// version; the `run` packages of system-packages.json — ffmpeg/ffprobe and the sample font — and
// that ffmpeg has what the pipeline uses). What is missing is installed with apt-get where this
// process may (root, or sudo without a password); otherwise the start stops with the one command
// that fixes it. A TV that can never show a channel is never served.
import type { Logger } from '../contracts/logger.js';
import type { SystemPackage } from './system-packages.js';
import { missingPackages, type MachineLookup } from './system-packages.js';

export type InstallMethod = 'root' | 'sudo';

/** apt-get, as the preflight drives it (injected in tests). */
export interface PackageInstaller {
  /** How this process may install: as root, through `sudo -n`, or not at all. */
  method(): Promise<InstallMethod | null>;
  /** apt-get update + install; progress goes to `logger` (info); rejects with apt's message. */
  install(packages: string[], method: InstallMethod, logger: Logger): Promise<void>;
}

export interface PreflightDeps {
  /** The `run` list of system-packages.json. */
  packages: SystemPackage[];
  /** Node's version (process.versions.node) and the lowest one package.json's engines accept. */
  nodeVersion: string;
  minNodeVersion: string;
  /** Whether this process runs the pipeline (ffmpeg, ffprobe, the font); the API alone needs none. */
  needsMedia: boolean;
  /** FFMPEG_PATH / FFPROBE_PATH when set: an explicit binary is checked, never installed over. */
  explicitTools: { ffmpeg?: string; ffprobe?: string };
  machine: MachineLookup;
  installer: PackageInstaller;
  /** ffmpeg/ffprobe work and have what the pipeline uses (pipeline/src/ffmpeg/capabilities.ts). */
  checkMediaTools(): Promise<{ problems: string[] }>;
  /** What it installs and why (npm start: the `preflight` child). */
  logger: Logger;
}

export type PreflightResult =
  | { ok: true; installed: string[] }
  | { ok: false; problems: string[]; fix: string[] };

export const PREFLIGHT_TEXT = {
  readme: 'README.md, section "Run it, test it"',
};

/** "20.19.0" >= "20.19"? Compares major.minor.patch numerically; missing parts count as 0. */
export function versionAtLeast(version: string, min: string): boolean {
  const parts = (v: string) => v.replace(/^[^\d]*/, '').split('.').map((x) => Number.parseInt(x, 10) || 0);
  const a = parts(version);
  const b = parts(min);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d > 0;
  }
  return true;
}

/** The lowest version an `engines.node` range such as ">=20.19" or ">=20.19.0" names. */
export function minimumFromEngines(range: string): string {
  const m = /^\s*>=\s*v?(\d+(?:\.\d+){0,2})\s*$/.exec(range);
  if (!m?.[1]) throw new Error(`package.json engines.node: expected ">=X.Y", got "${range}"`);
  return m[1];
}

export async function runPreflight(d: PreflightDeps): Promise<PreflightResult> {
  if (!versionAtLeast(d.nodeVersion, d.minNodeVersion)) {
    return fail([`Node.js ${d.nodeVersion} is too old: StreamSync TV needs ${d.minNodeVersion} or later.`], [`Install Node.js ${d.minNodeVersion} or later (Node 20 LTS or newer), then run npm start again.`]);
  }
  if (!d.needsMedia) return { ok: true, installed: [] };

  const explicit = explicitToolProblems(d);
  if (explicit.length > 0) {
    return fail(explicit, ['Point FFMPEG_PATH / FFPROBE_PATH at working programs, or unset them to use Debian\'s (sudo apt-get install -y ffmpeg).']);
  }

  // Packages that an explicit binary stands in for are not asked of apt.
  const missing = missingPackages(d.packages, d.machine).filter((p) => !(p.package === 'ffmpeg' && d.explicitTools.ffmpeg && d.explicitTools.ffprobe));
  const installed: string[] = [];
  if (missing.length > 0) {
    const names = missing.map((p) => p.package);
    const command = `sudo apt-get install -y ${names.join(' ')}`;
    const method = await d.installer.method();
    const why = missing.map((p) => `${p.package}: ${p.why}`);
    if (!method) {
      return fail(
        [`Missing system packages: ${names.join(', ')}.`, ...why.map((w) => `  ${w}`), 'This process is not root and cannot use sudo without a password, so it cannot install them.'],
        [command],
      );
    }
    d.logger.info({ packages: names, method }, `installing ${names.join(', ')} with apt-get (${method === 'root' ? 'as root' : 'through sudo'})`);
    for (const p of missing) d.logger.info({ package: p.package }, `${p.package}: ${p.why}`);
    try {
      await d.installer.install(names, method, d.logger);
    } catch (err) {
      return fail([`Installing ${names.join(', ')} failed: ${(err as Error).message}`], [command]);
    }
    const still = missingPackages(missing, d.machine);
    if (still.length > 0) {
      return fail([`apt-get finished, yet ${still.map((p) => p.package).join(', ')} still look missing.`], [command]);
    }
    installed.push(...names);
    d.logger.info({ packages: names }, `installed ${names.join(', ')}`);
  }

  const media = await d.checkMediaTools();
  if (media.problems.length > 0) {
    return fail(media.problems, ['Use Debian\'s ffmpeg, which has all of it: sudo apt-get install -y ffmpeg (and unset FFMPEG_PATH / FFPROBE_PATH if they point elsewhere).']);
  }
  return { ok: true, installed };
}

function explicitToolProblems(d: PreflightDeps): string[] {
  const problems: string[] = [];
  for (const [variable, path] of [['FFMPEG_PATH', d.explicitTools.ffmpeg], ['FFPROBE_PATH', d.explicitTools.ffprobe]] as const) {
    if (path === undefined) continue;
    const found = path.includes('/') ? d.machine.fileExists(path) : d.machine.which(path) !== null;
    if (!found) problems.push(`${variable} is set to "${path}", and no such program exists.`);
  }
  return problems;
}

function fail(problems: string[], fix: string[]): PreflightResult {
  return { ok: false, problems, fix };
}

/** What the terminal shows when the start stops. */
export function describePreflightFailure(result: Extract<PreflightResult, { ok: false }>): string {
  return [
    'StreamSync TV cannot start: this machine lacks what it needs.',
    ...result.problems.map((p) => (p.startsWith('  ') ? p : `  - ${p}`)),
    'Fix it with:',
    ...result.fix.map((f) => `    ${f}`),
    `then run npm start again. See ${PREFLIGHT_TEXT.readme}.`,
  ].join('\n');
}
