// Builds the TV app with the Lightning CLI (`lng build`, esbuild bundler) into tv-app/build.
// One build serves every engine TVs ship: the bundle and the Lightning library it loads are lowered
// to TV_ENGINES (Chromium 68: webOS 5 / Tizen 5.5; Safari 14 syntax: WPE WebKit 2.28 and later).
// The root settings.json stays the one source: only its appSettings/platformSettings are written to
// tv-app/settings.json (the `services` block never reaches the browser). A content hash of every
// input is stamped into the build, so `buildTvAppIfNeeded` rebuilds only when something changed.
//
//   npx tsx tv-app/tools/build.ts            build when needed
//   npx tsx tv-app/tools/build.ts --force    always build
//   npx tsx tv-app/tools/build.ts --watch    dev mode: rebuild on every change
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, watch, type FSWatcher } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';
import { withStandardBroker } from '../src/core/app-settings.js';
import { precompress } from './precompress.js';

export class TvBuildError extends Error {
  readonly code = 'SS_TV_BUILD_FAILED';
  constructor(message: string) {
    super(message);
    this.name = 'TvBuildError';
  }
}

export interface TvBuildOptions {
  /** The tv-app folder (package.json, src/, static/, metadata.json). */
  appDir: string;
  /** The root settings.json, the one configuration file. */
  settingsPath: string;
  /** Output folder; default `<appDir>/build`. */
  outDir?: string;
  /** Progress (default: silent). npm start passes its pino logger's `{ component: 'tv-app' }` child. */
  logger?: BuildLog;
}

/** The part of a logger the build uses: a pino logger fits it, and so does the console for `npm run build:tv`. */
export interface BuildLog {
  info(message: string): void;
  error(message: string): void;
}

const SILENT_BUILD_LOG: BuildLog = { info: () => undefined, error: () => undefined };
/** `npm run build:tv` and `dev:tv` are a developer's terminal tools: plain lines, not JSON records. */
const CONSOLE_BUILD_LOG: BuildLog = { info: (m) => console.log(m), error: (m) => console.error(m) };

export interface TvBuildResult {
  built: boolean;
  hash: string;
  outDir: string;
  /** Milliseconds the build took (0 when up to date). */
  tookMs: number;
}

const BUILD_DEFAULTS = {
  stampFile: '.build-stamp', // name inside the output folder
  lockStaleMs: 180_000, // milliseconds: a lock older than this belongs to a dead build
  lockPollMs: 200, // milliseconds between lock attempts
  watchDebounceMs: 250, // milliseconds of quiet before a dev rebuild
  /** Inputs hashed for the stamp, relative to appDir (folders are walked). */
  inputs: ['src', 'static', 'metadata.json', 'package.json', 'tools/build.ts'],
};

/**
 * The oldest engines the shipped scripts must run on. `esbuild` is the bundler target (esbuild lowers
 * what they lack: class fields and static blocks, `?.`, `??`); `ecmaVersion` is the syntax level of
 * the lowest of them (Chromium 68 parses ES2019, not ES2020), for checks with a standard parser.
 */
export const TV_ENGINES = {
  esbuild: ['chrome68', 'safari14'],
  ecmaVersion: 2019,
} as const;

/**
 * What startApp.js loads from lib/ for `platformSettings.esEnv` es6 (the Lightning library, and its
 * inspector when `inspector` is on). The rest of the SDK's support copy (Lightning's sources, ESM
 * and ES5 builds) is never loaded and is not shipped.
 */
const SHIPPED_LIB = ['lightning.js', 'lightning-inspect.js'];

const here = dirname(fileURLToPath(import.meta.url));
export const DEFAULT_APP_DIR = resolve(here, '..');
export const DEFAULT_SETTINGS_PATH = resolve(here, '..', '..', 'settings.json');

/**
 * The browser-side settings: appSettings and platformSettings only; with STREAMSYNC_BROKER_WS_URL in
 * `env`, TVs connect to that standard broker (withStandardBroker, as the server's settings say).
 */
export function browserSettings(rootSettings: unknown, env: { STREAMSYNC_BROKER_WS_URL?: string | undefined } = {}): { appSettings: unknown; platformSettings: unknown } {
  if (typeof rootSettings !== 'object' || rootSettings === null) {
    throw new TvBuildError('settings.json: expected an object');
  }
  const { appSettings, platformSettings } = rootSettings as Record<string, unknown>;
  if (typeof appSettings !== 'object' || appSettings === null) throw new TvBuildError('settings.json: missing "appSettings"');
  if (typeof platformSettings !== 'object' || platformSettings === null) {
    throw new TvBuildError('settings.json: missing "platformSettings"');
  }
  // The reaction set is the server's (services.reactions.ids): the app offers exactly what the broker accepts.
  const services = (rootSettings as Record<string, unknown>).services as { reactions?: { ids?: unknown } } | undefined;
  const reactions = services?.reactions?.ids;
  const forBroker = withStandardBroker(appSettings as Record<string, unknown>, env.STREAMSYNC_BROKER_WS_URL);
  return { appSettings: Array.isArray(reactions) ? { ...forBroker, reactions } : forBroker, platformSettings };
}

async function listFiles(path: string): Promise<string[]> {
  const info = await stat(path).catch(() => null);
  if (!info) return [];
  if (info.isFile()) return [path];
  const out: string[] = [];
  for (const entry of (await readdir(path)).sort()) out.push(...(await listFiles(join(path, entry))));
  return out;
}

/** Hash of every input plus the browser settings text: equal hash, equal build. */
export async function inputHash(appDir: string, settingsText: string): Promise<string> {
  const hash = createHash('sha256');
  hash.update(settingsText);
  for (const input of BUILD_DEFAULTS.inputs) {
    for (const file of await listFiles(join(appDir, input))) {
      hash.update(`\0${relative(appDir, file)}\0`);
      hash.update(await readFile(file));
    }
  }
  return hash.digest('hex');
}

function browserSettingsText(settingsPath: string): string {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(settingsPath, 'utf8'));
  } catch (err) {
    throw new TvBuildError(`cannot read ${settingsPath}: ${(err as Error).message}`);
  }
  return JSON.stringify(browserSettings(raw, process.env), null, 2) + '\n';
}

async function readStamp(outDir: string): Promise<string | null> {
  if (!existsSync(join(outDir, 'index.html')) || !existsSync(join(outDir, 'appBundle.js'))) return null;
  return readFile(join(outDir, BUILD_DEFAULTS.stampFile), 'utf8').catch(() => null);
}

async function withLock<T>(lockDir: string, fn: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      await mkdir(lockDir);
      break;
    } catch {
      const info = await stat(lockDir).catch(() => null);
      if (info && Date.now() - info.mtimeMs > BUILD_DEFAULTS.lockStaleMs) await rm(lockDir, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, BUILD_DEFAULTS.lockPollMs));
    }
  }
  try {
    return await fn();
  } finally {
    await rm(lockDir, { recursive: true, force: true });
  }
}

function runLng(appDir: string, outFolder: string): Promise<void> {
  const require = createRequire(join(appDir, 'package.json'));
  const cli = join(dirname(require.resolve('@lightningjs/cli/package.json')), 'bin', 'index.js');
  return new Promise((resolvePromise, reject) => {
    // The CLI's esbuild config takes one target from LNG_BUNDLER_TARGET (esbuild refuses a comma in
    // it); its bundler options take a list, and override that config.
    const args = [cli, 'build', '--esbuild-bundler-options', `target=[${TV_ENGINES.esbuild.join(',')}]`];
    const child = spawn(process.execPath, args, {
      cwd: appDir,
      env: {
        ...process.env,
        LNG_BUNDLER: 'esbuild',
        LNG_AUTO_UPDATE: 'false',
        LNG_BUILD_EXIT_ON_FAIL: 'true',
        LNG_BUILD_FOLDER: outFolder,
        LNG_BUILD_SOURCEMAP: 'false',
        NODE_ENV: 'production',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', (err) => reject(new TvBuildError(`cannot run the Lightning CLI: ${err.message}`)));
    child.on('close', (code) => {
      if (code === 0) resolvePromise();
      else reject(new TvBuildError(`lng build exited with ${code}:\n${output.slice(-4000)}`));
    });
  });
}

/**
 * lib/: only what startApp.js loads, lowered to TV_ENGINES like the bundle (the SDK ships
 * Lightning as ES2022: class fields and `?.`, which Chromium 68 cannot parse).
 */
async function shipLightningLib(buildDir: string): Promise<void> {
  const libDir = join(buildDir, 'lib');
  for (const entry of await readdir(libDir)) {
    if (!SHIPPED_LIB.includes(entry)) await rm(join(libDir, entry), { recursive: true, force: true });
  }
  for (const name of SHIPPED_LIB) {
    const file = join(libDir, name);
    if (!existsSync(file)) continue;
    const lowered = await transform(await readFile(file, 'utf8'), { target: [...TV_ENGINES.esbuild], loader: 'js' });
    // A classic script: the helpers esbuild adds stay out of the page's globals; `this` stays the window.
    await writeFile(file, `(function () {\n${lowered.code}}).call(this);\n`);
  }
}

/** Builds unconditionally into a fresh folder, then swaps it in (the old build serves until then). */
async function buildNow(options: Required<TvBuildOptions>, settingsText: string, hash: string) {
  const { appDir, outDir } = options;
  await writeFile(join(appDir, 'settings.json'), settingsText);
  const tmpName = `.build-tmp-${process.pid}-${Date.now()}`;
  const tmpDir = join(appDir, tmpName);
  try {
    await runLng(appDir, tmpName);
    if (!existsSync(join(tmpDir, 'index.html')) || !existsSync(join(tmpDir, 'appBundle.js'))) {
      throw new TvBuildError('lng build finished without index.html/appBundle.js (is the @lightningjs/sdk postinstall allowed?)');
    }
    // startApp.js loads lib/lightning.js (the bundle reads Lightning from window.lng).
    if (!existsSync(join(tmpDir, 'lib', 'lightning.js'))) throw new TvBuildError('lng build finished without lib/lightning.js');
    await shipLightningLib(tmpDir);
    await precompress(tmpDir);
    await writeFile(join(tmpDir, BUILD_DEFAULTS.stampFile), hash);
    const oldDir = `${outDir}.old-${process.pid}`;
    if (existsSync(outDir)) await rename(outDir, oldDir);
    await rename(tmpDir, outDir);
    await rm(oldDir, { recursive: true, force: true });
  } finally {
    await rm(tmpDir, { recursive: true, force: true });
  }
}

function resolveOptions(options: TvBuildOptions) {
  return {
    appDir: options.appDir,
    settingsPath: options.settingsPath,
    outDir: options.outDir ?? join(options.appDir, 'build'),
    logger: options.logger ?? SILENT_BUILD_LOG,
  };
}

/** Rebuilds only when an input or the browser settings changed since the stamped build. */
export async function buildTvAppIfNeeded(options: TvBuildOptions & { force?: boolean }): Promise<TvBuildResult> {
  const opts = resolveOptions(options);
  const settingsText = browserSettingsText(opts.settingsPath);
  return withLock(join(opts.appDir, '.build-lock'), async () => {
    const hash = await inputHash(opts.appDir, settingsText);
    if (!options.force && (await readStamp(opts.outDir)) === hash) {
      return { built: false, hash, outDir: opts.outDir, tookMs: 0 };
    }
    const started = Date.now();
    opts.logger.info('building the TV app (lng build, esbuild)...');
    await buildNow(opts, settingsText, hash);
    const tookMs = Date.now() - started;
    opts.logger.info(`TV app built in ${tookMs} ms -> ${opts.outDir}`);
    return { built: true, hash, outDir: opts.outDir, tookMs };
  });
}

/** Dev mode: build, then rebuild after every change to the inputs or settings.json. Returns a stop function. */
export function watchTvApp(options: TvBuildOptions): () => void {
  const logger = options.logger ?? CONSOLE_BUILD_LOG;
  let timer: NodeJS.Timeout | null = null;
  let running = false;
  let again = false;
  const rebuild = async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      await buildTvAppIfNeeded({ ...options, logger });
    } catch (err) {
      logger.error(`TV app build failed: ${(err as Error).message}`);
    } finally {
      running = false;
      if (again) {
        again = false;
        void rebuild();
      }
    }
  };
  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void rebuild(), BUILD_DEFAULTS.watchDebounceMs);
  };
  const watchers: FSWatcher[] = [watch(options.settingsPath, schedule)];
  for (const folder of ['src', 'static']) watchers.push(watch(join(options.appDir, folder), { recursive: true }, schedule));
  void rebuild();
  return () => {
    if (timer) clearTimeout(timer);
    for (const w of watchers) w.close();
  };
}

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const args = new Set(process.argv.slice(2));
  const options = { appDir: DEFAULT_APP_DIR, settingsPath: DEFAULT_SETTINGS_PATH, logger: CONSOLE_BUILD_LOG };
  if (args.has('--watch')) {
    watchTvApp(options);
  } else {
    buildTvAppIfNeeded({ ...options, force: args.has('--force') })
      .then((r) => {
        if (!r.built) console.log(`TV app is up to date (${r.outDir})`);
      })
      .catch((err: Error) => {
        console.error(err.message);
        process.exitCode = 1;
      });
  }
}
