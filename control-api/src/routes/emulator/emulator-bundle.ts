// Builds the emulator page's script (tv-app/emulator/src, TypeScript) with esbuild, in memory, when
// its sources change: a hash of every source file is checked on each request (a few small files),
// and a rebuild happens only when it moved. Concurrent requests share one build.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import createError from '@fastify/error';

export const EmulatorBuildFailed = createError<[string]>('SS_EMULATOR_BUILD_FAILED', 'The emulator page could not be built: %s', 500);

export const EMULATOR_BUNDLE_DEFAULTS = {
  entry: 'src/main.ts', // relative to the emulator folder
  target: 'chrome100', // esbuild target: TV-class and desktop Chromium
};

export interface EmulatorBundle {
  code: string;
  /** Hash of the sources it was built from (the ETag). */
  hash: string;
}

async function listSources(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listSources(path)));
    else if (entry.isFile() && entry.name.endsWith('.ts')) out.push(path);
  }
  return out;
}

export async function sourceHash(emulatorDir: string): Promise<string> {
  const hash = createHash('sha256');
  for (const file of await listSources(join(emulatorDir, 'src'))) {
    hash.update(`\0${relative(emulatorDir, file)}\0`);
    hash.update(await readFile(file));
  }
  return hash.digest('hex').slice(0, 32);
}

export class EmulatorBundler {
  private cached: EmulatorBundle | null = null;
  private building: Promise<EmulatorBundle> | null = null;

  constructor(private readonly emulatorDir: string) {}

  /** The current bundle, rebuilt when a source changed. Throws EmulatorBuildFailed. */
  async get(): Promise<EmulatorBundle> {
    let hash: string;
    try {
      hash = await sourceHash(this.emulatorDir);
    } catch (err) {
      throw new EmulatorBuildFailed(`cannot read the sources (${(err as Error).message})`);
    }
    if (this.cached?.hash === hash) return this.cached;
    if (!this.building) {
      this.building = this.build(hash).finally(() => {
        this.building = null;
      });
    }
    return this.building;
  }

  private async build(hash: string): Promise<EmulatorBundle> {
    // esbuild comes with the TV app's build tools; loaded only when the page is asked for.
    const esbuild = await import('esbuild').catch(() => null);
    if (!esbuild) throw new EmulatorBuildFailed('esbuild is not installed');
    try {
      const result = await esbuild.build({
        entryPoints: [join(this.emulatorDir, EMULATOR_BUNDLE_DEFAULTS.entry)],
        bundle: true,
        write: false,
        format: 'esm',
        target: EMULATOR_BUNDLE_DEFAULTS.target,
        logLevel: 'silent',
        minify: false,
        sourcemap: false,
      });
      const file = result.outputFiles[0];
      if (!file) throw new Error('no output');
      const bundle = { code: file.text, hash };
      this.cached = bundle;
      return bundle;
    } catch (err) {
      const errors = (err as { errors?: Array<{ text: string; location?: { file: string; line: number } | null }> }).errors;
      const detail = errors?.length
        ? errors.map((e) => `${e.location ? `${relative(this.emulatorDir, e.location.file)}:${e.location.line}: ` : ''}${e.text}`).join('; ')
        : (err as Error).message;
      throw new EmulatorBuildFailed(detail);
    }
  }
}
