// Browser-test media made the way the product makes it: a generated source (media-fixture.ts) packaged
// by the pipeline's own code (probe, ladder plan, loudness plan, ladder arguments, runner, packaged-
// output check, asset document) into `<mediaDir>/<id>/` under the content layout's file names. What the
// tests serve is what the pipeline writes, and the asset documents they seed are read off that output.
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Asset } from '#contracts/lineup.js';
import type { PipelineSettings, Rung } from '#contracts/settings-schema.js';
import { ASSET_FILES, MEDIA_PREFIX, assetFileUrl, fillSegmentTemplate, mediaSegmentName } from '#core/content-layout.js';
import { CONTENT_DIRS, PIPELINE_DEFAULTS } from '#pipeline/defaults.js';
import { ladderArgs, type LoudnessTarget } from '#pipeline/ffmpeg/args.js';
import { planLadder } from '#pipeline/ffmpeg/ladder-plan.js';
import type { MediaRunner } from '#pipeline/ffmpeg/runner.js';
import { planAudio } from '#pipeline/media/loudness.js';
import { probeSource } from '#pipeline/media/probe.js';
import { buildAsset, readPackagedOutput, rungNames } from '#pipeline/worker/publish.js';
import { packageSource, type PackageContext } from '#pipeline/worker/package-source.js';
import { loadSettings } from '#control-api/config/load-settings.js';
import { FIXTURE_SOURCE, makeSource } from './media-fixture.js';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Ladders of the fixtures, top rung first (as the pipeline orders them). */
export const FIXTURE_LADDERS = {
  /** Every asset unless a test asks for another: a tiny two-rung ladder, 180p on air from the start. */
  plain: [
    { name: '180p', height: 180, videoKbps: 300, profile: 'main', level: '3.0' },
    { name: '144p', height: 144, videoKbps: 150, profile: 'main', level: '3.0' },
  ],
  /** The network scenarios' ABR ladder (with the audio: 1032, 432 and 152 kbit/s). */
  abr: [
    { name: '360p', height: 360, videoKbps: 1000, profile: 'main', level: '3.0' },
    { name: '270p', height: 270, videoKbps: 400, profile: 'main', level: '3.0' },
    { name: '180p', height: 180, videoKbps: 120, profile: 'main', level: '3.0' },
  ],
} satisfies Record<string, Rung[]>;

/** The packaging settings of the fixtures: the pipeline's settings block, with a tiny ladder's values. */
export const LADDER_FIXTURE = {
  segmentSeconds: 2, // seconds per segment; the pipeline closes a GOP (keyframe) on every boundary
  maxFps: 60, // frames per second the plan keeps (the source's 30 pass unchanged)
  loudnessLufs: -23, // LUFS: the product's EBU R128 target (settings.json)
  audioKbps: 32, // kilobits per second
  preset: 'veryfast', // x264, the product's (ultrafast would make constrained-baseline streams whatever the rung's profile)
  threads: 0, // 0 = ffmpeg's choice
  /** Assets packaged at once: an ffmpeg's filter graph (scaling, loudnorm) runs on one core. */
  parallel: 2, // assets
  aspect: 16 / 9, // width / height of the source picture
  limits: { maxDurationSeconds: 3600, maxWidth: 3840, maxHeight: 2160, maxBytes: 2_000_000_000 } satisfies PipelineSettings['limits'],
};

export interface FixtureAssetSpec {
  id: string;
  title: string;
  seconds: number;
  /** Hue rotation of the test pattern, degrees. */
  hue: number;
  /** Default: FIXTURE_LADDERS.plain. */
  ladder?: Rung[];
}

export interface FixtureAsset {
  /** The asset document, as the pipeline's worker builds it from the packaged output. */
  asset: Asset;
  /** The packaged folder, `<mediaDir>/<id>`. */
  dir: string;
}

const even = (n: number) => 2 * Math.round(n / 2);

/**
 * Makes a source as tall as the ladder's top rung in a temp folder next to `mediaDir` (removed after),
 * and packages it into `<mediaDir>/<id>/` as the pipeline's worker does, minus the staging folder
 * and the content-hash asset id (tests name their assets).
 */
export async function makeLadderAsset(runner: MediaRunner, mediaDir: string, spec: FixtureAssetSpec): Promise<FixtureAsset> {
  const ladder = spec.ladder ?? FIXTURE_LADDERS.plain;
  const height = Math.max(...ladder.map((r) => r.height));
  await mkdir(mediaDir, { recursive: true });
  const work = await mkdtemp(join(dirname(mediaDir), '.fixture-source-'));
  try {
    const source = join(work, `${spec.id}.${FIXTURE_SOURCE.container}`);
    await makeSource(runner, source, { width: even(height * LADDER_FIXTURE.aspect), height, seconds: spec.seconds, hue: spec.hue, title: spec.title });

    const info = await probeSource(runner, source, { sizeBytes: (await stat(source)).size, limits: LADDER_FIXTURE.limits });
    const plan = planLadder(info.video, { ladder, maxFps: LADDER_FIXTURE.maxFps, segmentSeconds: LADDER_FIXTURE.segmentSeconds });
    if (plan.rungs.length !== ladder.length) throw new Error(`${spec.id}: planned ${rungNames(plan).join(', ')} for ${ladder.map((r) => r.name).join(', ')}`);
    const loudness: LoudnessTarget = { integratedLufs: LADDER_FIXTURE.loudnessLufs, truePeakDbtp: PIPELINE_DEFAULTS.truePeakDbtp, rangeLu: PIPELINE_DEFAULTS.loudnessRangeLu };
    const audio = await planAudio(runner, source, { hasAudio: info.audio !== null, durationSec: info.durationSec, target: loudness });

    const dir = join(mediaDir, spec.id);
    await mkdir(dir, { recursive: true });
    const args = ladderArgs({
      input: source,
      outDir: dir,
      plan,
      audio,
      loudness,
      audioKbps: LADDER_FIXTURE.audioKbps,
      preset: LADDER_FIXTURE.preset,
      posterAtSec: Math.min(PIPELINE_DEFAULTS.posterAtSeconds, info.durationSec / 2),
      threads: LADDER_FIXTURE.threads,
    });
    await runner.ffmpeg(args, { durationSec: info.durationSec });
    const output = await readPackagedOutput(dir, { rungNames: rungNames(plan) });
    const asset = buildAsset({ assetId: spec.id, title: spec.title, output, segmentSeconds: plan.segmentSeconds, nowMs: Date.now() });
    return { asset, dir };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * Packages every spec, LADDER_FIXTURE.parallel at a time and the longest work first (seconds x top
 * rung height), so the last one to finish is a short one; the results in the order of `specs`.
 */
export async function makeLadderAssets(runner: MediaRunner, mediaDir: string, specs: FixtureAssetSpec[]): Promise<FixtureAsset[]> {
  const made: FixtureAsset[] = new Array<FixtureAsset>(specs.length);
  const work = (spec: FixtureAssetSpec) => spec.seconds * Math.max(...(spec.ladder ?? FIXTURE_LADDERS.plain).map((r) => r.height));
  const queue = specs.map((spec, index) => ({ spec, index })).sort((x, y) => work(y.spec) - work(x.spec));
  const worker = async () => {
    for (let job = queue.shift(); job; job = queue.shift()) made[job.index] = await makeLadderAsset(runner, mediaDir, job.spec);
  };
  await Promise.all(Array.from({ length: Math.min(LADDER_FIXTURE.parallel, specs.length) }, worker));
  return made;
}

// ---------------------------------------------------------------- URLs of packaged files, for tests

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Matches the media-origin URL (absolute or not) of a file named by `file` (a plain name or a segment
 * template) of `assetId`, or of any asset.
 */
export function assetUrlPattern(file: string, assetId?: string): RegExp {
  const name = file
    .split(/(\$RepresentationID\$|\$Number(?:%0\d+d)?\$)/)
    .map((part) => (part === '$RepresentationID$' ? '[^/]+' : part.startsWith('$Number') ? '\\d+' : escapeRegExp(part)))
    .join('');
  return new RegExp(`${escapeRegExp(MEDIA_PREFIX)}${assetId === undefined ? '[^/]+' : escapeRegExp(assetId)}/${name}$`);
}

/** The init segment and first media segment of one representation (default: the top video rung). */
export function firstSegmentUrls(assetId: string, representationId: string = ASSET_FILES.topVideoRepresentation): { init: string; media: string } {
  return {
    init: assetFileUrl(assetId, fillSegmentTemplate(ASSET_FILES.initSegment, { representationId, number: ASSET_FILES.startNumber })),
    media: assetFileUrl(assetId, mediaSegmentName(representationId, ASSET_FILES.startNumber)),
  };
}

/** A source made into the inbox and packaged by the pipeline's own worker step (tracks, sidecars and all). */
export interface PipelineSourceSpec {
  /** The name channels use for it in the test (the pipeline gives it a content-hash id). */
  alias: string;
  /** Writes the source (and any sidecars beside it) into `inboxDir`; returns the source's file name. */
  make(runner: MediaRunner, inboxDir: string): Promise<string>;
}

/**
 * Packages each source through `packageSource` (probe, ladder, audio languages, text tracks, atomic
 * publish into `<contentDir>/media/<id>/`) with the fixture's tiny ladder; the asset documents by alias.
 */
export async function packageWithPipeline(runner: MediaRunner, contentDir: string, specs: readonly PipelineSourceSpec[]): Promise<Map<string, Asset>> {
  const inbox = join(contentDir, CONTENT_DIRS.inbox);
  await mkdir(inbox, { recursive: true });
  const pipeline: PipelineSettings = {
    ...loadSettings(join(REPO_ROOT, 'settings.json'), {}).services.pipeline,
    ladder: FIXTURE_LADDERS.plain,
    maxFps: LADDER_FIXTURE.maxFps,
    segmentSeconds: LADDER_FIXTURE.segmentSeconds,
    loudnessLufs: LADDER_FIXTURE.loudnessLufs,
    preset: LADDER_FIXTURE.preset,
    audioKbps: LADDER_FIXTURE.audioKbps,
    limits: LADDER_FIXTURE.limits,
  };
  const made = new Map<string, Asset>();
  for (const spec of specs) {
    const name = await spec.make(runner, inbox);
    const result = await packageSource(
      {
        contentDir, pipeline, runner, clock: () => Date.now(), threads: LADDER_FIXTURE.threads,
        posterAtSeconds: PIPELINE_DEFAULTS.posterAtSeconds, truePeakDbtp: PIPELINE_DEFAULTS.truePeakDbtp, loudnessRangeLu: PIPELINE_DEFAULTS.loudnessRangeLu,
        store: { getAsset: async () => null, putAsset: async (asset: Asset) => asset } as unknown as PackageContext['store'],
      },
      name,
      { signal: new AbortController().signal, onAssetId: async () => {}, onCommand: async () => {}, onProgress: () => {} },
    );
    made.set(spec.alias, result.asset);
  }
  return made;
}
