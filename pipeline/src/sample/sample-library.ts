// Sample content for a new library: generates the sample sources, runs them through the real pipeline
// (renamed into the inbox, packaged, published) and builds the demo lineup (demo-lineup.ts) as they
// arrive: collections, and channels programmed by time slot.
// `npm run content:sample` runs it; `npm start` runs it when the library is empty.
import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Settings } from '#contracts/settings-schema.js';
import type { Asset, Channel } from '#contracts/lineup.js';
import { CONTENT_DIRS } from '../defaults.js';
import { createMediaRunner, type MediaRunner } from '../ffmpeg/runner.js';
import type { PipelineLineup, PipelineProgramming, PipelineStore } from '../store-port.js';
import type { Logger } from '#contracts/logger.js';
import { PipelineWorker, type Tuning } from '../worker/worker.js';
import { SAMPLE_DEFAULTS, SAMPLE_SOURCES, sampleSourceArgs, sampleSourceName, type SampleSourceSpec } from './sample-sources.js';
import { DEMO_LINEUP, demoPlan, type DemoLineupSpec, type DemoPlan } from './demo-lineup.js';

export interface SampleLibraryOptions {
  settings: Pick<Settings, 'contentDir' | 'services'>;
  /** Jobs, and assets through the lineup service (store-port.ts throughLineup). */
  store: PipelineStore;
  /** Demo channels are created through the lineup service, which validates and announces them. */
  lineup: Pick<PipelineLineup, 'channel' | 'createChannel'>;
  /** Their collections and programming, through the programming service. */
  programming: PipelineProgramming;
  runner?: MediaRunner;
  clock?: () => number;
  logger?: Logger;
  /** The sources to make (default SAMPLE_SOURCES) and the demo lineup over them (default DEMO_LINEUP). */
  sources?: SampleSourceSpec[];
  demo?: DemoLineupSpec;
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


const exists = (path: string) => stat(path).then(() => true, () => false);

export async function generateSampleLibrary(o: SampleLibraryOptions): Promise<SampleLibraryResult> {
  const started = Date.now();
  const clock = o.clock ?? Date.now;
  const runner = o.runner ?? createMediaRunner();
  const specs = o.sources ?? SAMPLE_SOURCES;
  const demo = o.demo ?? DEMO_LINEUP;
  const ready = new Map<string, string>(); // source key -> asset id
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
  const channels = new Map<string, Channel>();
  const assets: Asset[] = [];
  // Looked up by source rather than from a pass: an identical earlier run is already done.
  const packaged = async (name: string): Promise<string | null> => {
    const size = await stat(join(inbox, name)).then((st) => st.size, () => -1);
    const job = await o.store.findJobBySource(name, size);
    return job?.status === 'done' ? job.assetId : null;
  };
  // What an earlier try packaged counts from the start: the lineup is never planned smaller than it was.
  for (const spec of specs) {
    const assetId = await packaged(sampleSourceName(spec));
    if (assetId) ready.set(spec.key, assetId);
  }
  try {
    // One source at a time, the demo lineup brought up to date after each: the first start shows
    // channels after the first show, not after the whole library. A source is made in the work
    // folder and renamed into the inbox only when complete, so no half-made sample is ever
    // packaged; one that an earlier try already moved in is kept.
    for (const spec of specs) {
      const name = sampleSourceName(spec);
      if (!(await exists(join(inbox, name)))) {
        o.logger?.info({ source: name }, `sample: generating ${name} (${spec.kind}, ${spec.durationSec} s)`);
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
      const assetId = await packaged(name);
      if (!assetId) {
        const why = report.failed.find((j) => j.source === name)?.error ?? report.waiting;
        throw new Error(`sample: ${name} was not packaged${why ? `: ${why}` : ''}`);
      }
      const asset = await o.store.getAsset(assetId);
      if (asset) assets.push(asset);
      ready.set(spec.key, assetId);
      for (const channel of await applyDemoPlan(demoPlan(demo, ready), o)) channels.set(channel.id, channel);
      progress.done += 1;
      tell(null);
    }
  } finally {
    o.signal?.removeEventListener('abort', stopWorker);
    await rm(work, { recursive: true, force: true });
  }
  const elapsedMs = Date.now() - started;
  o.logger?.info({ channels: channels.size, elapsedMs }, `sample: ${channels.size} demo channels ready in ${(elapsedMs / 1000).toFixed(1)} s`);
  return { channels: [...channels.values()], assets, elapsedMs };
}

/**
 * Brings the demo lineup up to the plan: collections created or given their new items, channels
 * created, and a new programming version wherever the rules or a collection they use changed
 * (the programming service makes it take effect after what is on air). Writes nothing that is
 * already so. Returns the plan's channels.
 */
async function applyDemoPlan(plan: DemoPlan, o: Pick<SampleLibraryOptions, 'lineup' | 'programming'>): Promise<Channel[]> {
  const changed = new Set<string>();
  for (const c of plan.collections) {
    const existing = await o.programming.findCollection(c.id);
    if (!existing) await o.programming.createCollection(c);
    else if (existing.name !== c.name || !sameJson(existing.items, c.items)) await o.programming.replaceCollection(c.id, { name: c.name, items: c.items });
    else continue;
    changed.add(c.id);
  }
  const channels: Channel[] = [];
  for (const { spec, rules } of plan.channels) {
    const channel =
      (await o.lineup.channel(spec.id)) ??
      (await o.lineup.createChannel({ id: spec.id, number: spec.number, name: spec.name, logoUrl: null, group: 'Demo', enabled: true }));
    channels.push(channel);
    const uses = [...rules.slots.map((s) => s.collection), rules.padTo?.filler, rules.breaks?.filler];
    const latest = await o.programming.latestRules(spec.id);
    if (latest === null || !sameJson(latest, rules) || uses.some((id) => id !== undefined && changed.has(id))) await o.programming.putProgramming(spec.id, rules);
  }
  return channels;
}

/** Equal as JSON whatever the order of object keys (what a store gives back may be reordered). */
function sameJson(a: unknown, b: unknown): boolean {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(canonical) : v !== null && typeof v === 'object' ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => (x < y ? -1 : 1)).map(([k, x]) => [k, canonical(x)])) : v;
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}
