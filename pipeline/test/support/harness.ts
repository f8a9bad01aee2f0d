// A worker over a temp content folder, a memory store and a real ffmpeg runner that counts its spawns.
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PipelineSettings } from '#contracts/settings-schema.js';
import type { Asset } from '#contracts/lineup.js';
import { createMediaRunner, type Tool } from '../../src/ffmpeg/runner.js';
import { parseMpd, segmentFiles, type MpdRepresentation } from '../../src/media/manifest.js';
import { PipelineWorker } from '../../src/worker/worker.js';
import { MemoryPipelineStore } from './memory-store.js';
import { tempContent, testPipelineSettings, type TempContent } from './media.js';

export interface Harness {
  content: TempContent;
  store: MemoryPipelineStore;
  worker: PipelineWorker;
  spawns: Array<{ tool: Tool; args: string[] }>;
  published: Asset[];
  pipeline: PipelineSettings;
  mediaDir(assetId: string): string;
}

export async function createHarness(options: { pipeline?: Partial<PipelineSettings>; clock?: () => number } = {}): Promise<Harness> {
  const content = await tempContent();
  const store = new MemoryPipelineStore();
  const spawns: Harness['spawns'] = [];
  const published: Asset[] = [];
  const pipeline = testPipelineSettings(options.pipeline);
  const worker = new PipelineWorker({
    contentDir: content.contentDir,
    pipeline,
    store,
    runner: createMediaRunner({ onSpawn: (tool, args) => spawns.push({ tool, args }) }),
    ...(options.clock ? { clock: options.clock } : {}),
    onAssetPublished: (asset) => {
      published.push(asset);
    },
    tuning: { settleMs: 50, threads: 2 },
  });
  return { content, store, worker, spawns, published, pipeline, mediaDir: (id) => join(content.contentDir, 'media', id) };
}

/** Concatenates init + media segments of one representation into a playable file; returns its path. */
export async function joinRepresentation(dir: string, rep: MpdRepresentation, out: string): Promise<string> {
  const files = segmentFiles(rep);
  const parts = await Promise.all([files.init, ...files.media].map((f) => readFile(join(dir, f))));
  await writeFile(out, Buffer.concat(parts));
  return out;
}

export async function readMpd(dir: string) {
  return parseMpd(await readFile(join(dir, 'manifest.mpd'), 'utf8'));
}

export const listDir = (dir: string) => readdir(dir).catch(() => [] as string[]);
