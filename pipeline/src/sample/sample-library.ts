// Sample content for a new library: generates the sample sources, runs them through the real pipeline
// (renamed into the inbox, packaged, published) and creates a demo lineup of looping channels.
// `npm run content:sample` runs it; `npm start` runs it when the library is empty.
import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Settings } from '#contracts/settings-schema.js';
import type { Asset, Channel } from '#contracts/lineup.js';
import { CONTENT_DIRS } from '../defaults.js';
import { createMediaRunner, type MediaRunner } from '../ffmpeg/runner.js';
import type { PipelineLineup, PipelineStore } from '../store-port.js';
import type { Logger } from '#contracts/logger.js';
import { PipelineWorker, type Tuning } from '../worker/worker.js';
import { SAMPLE_CHANNELS, SAMPLE_DEFAULTS, sampleSourceArgs, type SampleChannelSpec } from './sample-sources.js';

export interface SampleLibraryOptions {
  settings: Pick<Settings, 'contentDir' | 'services'>;
  /** Jobs, and assets through the lineup service (store-port.ts throughLineup). */
  store: PipelineStore;
  /** Demo channels are created through the lineup service, which validates and announces them. */
  lineup: Pick<PipelineLineup, 'channel' | 'createChannel' | 'updateChannel'>;
  runner?: MediaRunner;
  clock?: () => number;
  logger?: Logger;
  channels?: SampleChannelSpec[];
  width?: number;
  height?: number;
  fps?: number;
  fontPath?: string;
  tuning?: Partial<Tuning>;
  /** Aborting stops generation and packaging (shutdown during the first start). */
  signal?: AbortSignal;
  /** Progress of the whole run: sources packaged of the total, and the one being worked on. */
  onProgress?: (progress: SampleProgress) => void;
}

export interface SampleProgress {
  /** Sample sources packaged so far. */
  done: number;
  total: number;
  /** The source being worked on: made with ffmpeg, then packaged by the pipeline. */
  current: { name: string; step: 'generating' | 'packaging'; percent: number } | null;
}

export interface SampleLibraryResult {
  channels: Channel[];
  assets: Asset[];
  elapsedMs: number;
}

/** True when no asset is registered yet (the trigger for sample content on first start). */
export async function isLibraryEmpty(store: { listAssets(): Promise<unknown[]> }): Promise<boolean> {
  return (await store.listAssets()).length === 0;
}

/** The inbox file name of a sample source ("01 Bars One.mp4"). */
export const sampleSourceName = (spec: SampleChannelSpec) => `${String(spec.number).padStart(2, '0')} ${spec.name}.mp4`;

const exists = (path: string) => stat(path).then(() => true, () => false);

export async function generateSampleLibrary(o: SampleLibraryOptions): Promise<SampleLibraryResult> {
  const started = Date.now();
  const clock = o.clock ?? Date.now;
  const runner = o.runner ?? createMediaRunner();
  const specs = o.channels ?? SAMPLE_CHANNELS;
  const inbox = join(o.settings.contentDir, CONTENT_DIRS.inbox);
  const work = join(o.settings.contentDir, CONTENT_DIRS.staging, `sample-${randomUUID().slice(0, 8)}`);
  await mkdir(work, { recursive: true });
  await mkdir(inbox, { recursive: true });
  const progress: SampleProgress = { done: 0, total: specs.length, current: null };
  const tell = (current: SampleProgress['current']) => o.onProgress?.({ ...progress, current });
  const sampleNames = new Set(specs.map(sampleSourceName));
  const worker = new PipelineWorker({
    contentDir: o.settings.contentDir,
    pipeline: o.settings.services.pipeline,
    store: o.store,
    runner,
    clock,
    ...(o.logger ? { logger: o.logger } : {}),
    onJobUpdate: (job) => {
      if (sampleNames.has(job.source) && job.status === 'running') tell({ name: job.source, step: 'packaging', percent: job.progress });
    },
    tuning: { settleMs: 0, ...o.tuning },
  });
  const stopWorker = () => void worker.stop();
  o.signal?.addEventListener('abort', stopWorker, { once: true });
  const channels: Channel[] = [];
  const assets: Asset[] = [];
  try {
    // One channel at a time, each on air as soon as its asset is: the first start shows a channel
    // after one source, not four. A source is made in the work folder and renamed into the inbox
    // only when complete, so no half-made sample is ever packaged; one that an earlier try already
    // moved in is kept.
    for (const spec of specs) {
      const name = sampleSourceName(spec);
      if (!(await exists(join(inbox, name)))) {
        o.logger?.info({ source: name }, `sample: generating ${name} (${spec.durationSec} s)`);
        tell({ name, step: 'generating', percent: 0 });
        await runner.ffmpeg(
          sampleSourceArgs({
            spec,
            out: join(work, name),
            width: o.width ?? SAMPLE_DEFAULTS.width,
            height: o.height ?? SAMPLE_DEFAULTS.height,
            fps: o.fps ?? SAMPLE_DEFAULTS.fps,
            fontPath: o.fontPath ?? SAMPLE_DEFAULTS.fontPath,
            threads: o.tuning?.threads ?? 0,
          }),
          {
            durationSec: spec.durationSec,
            onProgress: (p) => tell({ name, step: 'generating', percent: p.percent ?? 0 }),
            ...(o.signal ? { signal: o.signal } : {}),
          },
        );
        await rename(join(work, name), join(inbox, name));
      }
      if (o.signal?.aborted) throw new Error('sample content: stopped');
      const report = await worker.runPass();
      if (o.signal?.aborted) throw new Error('sample content: stopped');
      // Looked up by source rather than from this pass: an identical earlier run is already done.
      const size = await stat(join(inbox, name)).then((st) => st.size, () => -1);
      const job = await o.store.findJobBySource(name, size);
      const assetId = job?.status === 'done' ? job.assetId : null;
      if (!assetId) {
        const why = report.failed.find((j) => j.source === name)?.error ?? report.waiting;
        throw new Error(`sample: ${name} was not packaged${why ? `: ${why}` : ''}`);
      }
      const asset = await o.store.getAsset(assetId);
      if (asset) assets.push(asset);
      channels.push(await putDemoChannel(o.lineup, spec, assetId));
      progress.done += 1;
      tell(null);
    }
  } finally {
    o.signal?.removeEventListener('abort', stopWorker);
    await rm(work, { recursive: true, force: true });
  }
  const elapsedMs = Date.now() - started;
  o.logger?.info({ channels: channels.length, elapsedMs }, `sample: ${channels.length} demo channels ready in ${(elapsedMs / 1000).toFixed(1)} s`);
  return { channels, assets, elapsedMs };
}

/** Creates (or updates) the looping demo channel of one sample, through the lineup service. */
async function putDemoChannel(lineup: SampleLibraryOptions['lineup'], spec: SampleChannelSpec, assetId: string): Promise<Channel> {
  const channel = {
    number: spec.number,
    name: spec.name,
    logoUrl: null,
    group: 'Demo',
    enabled: true,
    loop: { epochMs: SAMPLE_DEFAULTS.loopEpochMs, items: [{ assetId }] },
  };
  return (await lineup.channel(spec.id)) ? lineup.updateChannel(spec.id, channel) : lineup.createChannel({ id: spec.id, ...channel });
}
