// One source through the pipeline: ffprobe -> asset id -> (already published? done, no ffmpeg) ->
// loudness measurement of each audio stream -> one ladder encode into staging -> text tracks (subtitle
// streams and sidecars as segmented WebVTT) and the manifests' track lists -> checks -> atomic rename ->
// asset document.
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { TrackIssue } from '#contracts/jobs.js';
import type { Asset } from '#contracts/lineup.js';
import type { PipelineSettings } from '#contracts/settings-schema.js';
import { CONTENT_DIRS } from '../defaults.js';
import { mediaToolUnavailable, PipelineError, sourceError } from '../errors.js';
import { commandLine, ladderArgs, type LoudnessTarget } from '../ffmpeg/args.js';
import { ladderProfileKey, planLadder } from '../ffmpeg/ladder-plan.js';
import { MediaToolError, type MediaRunner, type Progress } from '../ffmpeg/runner.js';
import { computeAssetId } from '../ingest/asset-id.js';
import { findSidecars, type Sidecar } from '../ingest/sidecars.js';
import { planAudioTracks } from '../media/loudness.js';
import { probeSource, type SourceInfo } from '../media/probe.js';
import { audioTrackMetas, bitmapIssues, packageTextTracks, writeTrackManifests } from './package-tracks.js';
import type { PipelineStore } from '../store-port.js';
import { buildAsset, isPublished, publishFolder, readPackagedOutput, rungNames, titleFromFileName } from './publish.js';

/** Bumped when the packaging itself changes, so every asset id changes with it. */
export const PACKAGE_FORMAT_VERSION = 1;

export interface PackageContext {
  contentDir: string;
  pipeline: PipelineSettings;
  store: PipelineStore;
  runner: MediaRunner;
  clock: () => number;
  threads: number;
  posterAtSeconds: number;
  truePeakDbtp: number;
  loudnessRangeLu: number;
}

export interface PackageHooks {
  signal: AbortSignal;
  /** The asset id is known (before any encode). */
  onAssetId(assetId: string): Promise<void>;
  /** The ladder command line is known (before it runs). */
  onCommand(command: string): Promise<void>;
  onProgress(percent: number): void;
}

export interface PackageResult {
  asset: Asset;
  /** False when the asset was already published (no encode ran). */
  transcoded: boolean;
  /** Tracks of the source left out, and why (on a reuse: the bitmap streams only, nothing was converted). */
  trackIssues: TrackIssue[];
  /** Sidecar files that were packaged with the source. */
  sidecars: string[];
}

/** The sidecars of a source in the inbox (none when the inbox cannot be read). */
export async function sidecarsInInbox(inboxDir: string, sourceName: string): Promise<Sidecar[]> {
  return findSidecars(sourceName, await readdir(inboxDir).catch(() => [] as string[]));
}

/**
 * What the tracks add to the asset id: nothing for a source with at most one audio stream and no subtitle
 * (such a source packages exactly as before), else the stream count and each sidecar's name and bytes.
 */
async function tracksKey(info: SourceInfo, inboxDir: string, sidecars: readonly Sidecar[]): Promise<string> {
  if (info.audioStreams.length <= 1 && info.subtitleStreams.length === 0 && sidecars.length === 0) return '';
  const hash = createHash('sha256').update(`tracks-v1\n${info.audioStreams.length}\n${info.subtitleStreams.length}\n`);
  for (const s of sidecars) hash.update(`${s.name}\n`).update(await readFile(join(inboxDir, s.name)).catch(() => Buffer.alloc(0)));
  return `|tracks:${hash.digest('hex').slice(0, 32)}`;
}

export function profileKey(p: PipelineSettings): string {
  return ladderProfileKey({
    ladder: p.ladder,
    maxFps: p.maxFps,
    segmentSeconds: p.segmentSeconds,
    loudnessLufs: p.loudnessLufs,
    preset: p.preset,
    audioKbps: p.audioKbps,
    formatVersion: PACKAGE_FORMAT_VERSION,
  });
}

export async function packageSource(ctx: PackageContext, sourceName: string, hooks: PackageHooks): Promise<PackageResult> {
  const sourcePath = join(ctx.contentDir, CONTENT_DIRS.inbox, sourceName);
  const mediaDir = join(ctx.contentDir, CONTENT_DIRS.media);
  const size = await stat(sourcePath).then((s) => s.size, () => null);
  if (size === null) throw sourceError('SS_SOURCE_MISSING', 'The file was removed from the inbox before it could be processed.');

  const info = await probeSource(ctx.runner, sourcePath, { sizeBytes: size, limits: ctx.pipeline.limits });
  const inboxDir = join(ctx.contentDir, CONTENT_DIRS.inbox);
  const sidecars = await sidecarsInInbox(inboxDir, sourceName);
  const sidecarNames = sidecars.map((s) => s.name);
  const assetId = await computeAssetId(sourcePath, profileKey(ctx.pipeline) + (await tracksKey(info, inboxDir, sidecars)));
  await hooks.onAssetId(assetId);
  const title = titleFromFileName(sourceName);
  const plan = planLadder(info.video, ctx.pipeline);

  // Unchanged content: registered and on disk -> nothing to do; on disk only (a crash between the rename
  // and the registration) -> register it from the packaged output. Neither spawns ffmpeg.
  const known = await ctx.store.getAsset(assetId);
  if (await isPublished(mediaDir, assetId)) {
    const reused = { transcoded: false, trackIssues: bitmapIssues(info.subtitleStreams), sidecars: sidecarNames };
    if (known?.status === 'ready') return { asset: known, ...reused };
    const output = await readPackagedOutput(join(mediaDir, assetId), { rungNames: rungNames(plan) });
    const asset = buildAsset({ assetId, title, output, segmentSeconds: plan.segmentSeconds, nowMs: ctx.clock() });
    await ctx.store.putAsset(asset);
    return { asset, ...reused };
  }

  const target: LoudnessTarget = { integratedLufs: ctx.pipeline.loudnessLufs, truePeakDbtp: ctx.truePeakDbtp, rangeLu: ctx.loudnessRangeLu };
  const audio = await planAudioTracks(ctx.runner, sourcePath, { streams: info.audioStreams, durationSec: info.durationSec, target, signal: hooks.signal }).catch(
    (err: unknown) => {
      throw toTranscodeError(err, 'measuring the loudness');
    },
  );
  hooks.onProgress(2);

  const stagingDir = join(ctx.contentDir, CONTENT_DIRS.staging, `${assetId}.${randomUUID().slice(0, 8)}`);
  await mkdir(stagingDir, { recursive: true });
  try {
    const args = ladderArgs({
      input: sourcePath,
      outDir: stagingDir,
      plan,
      audio,
      loudness: target,
      audioKbps: ctx.pipeline.audioKbps,
      preset: ctx.pipeline.preset,
      posterAtSec: Math.min(ctx.posterAtSeconds, info.durationSec / 2),
      threads: ctx.threads,
    });
    await hooks.onCommand(commandLine(ctx.runner.binary('ffmpeg'), args));
    await ctx.runner
      .ffmpeg(args, {
        durationSec: info.durationSec,
        signal: hooks.signal,
        onProgress: (p: Progress) => hooks.onProgress(2 + 0.97 * (p.percent ?? 0)),
      })
      .catch((err: unknown) => {
        throw toTranscodeError(err, 'converting the video');
      });
    const encoded = await readPackagedOutput(stagingDir, { rungNames: rungNames(plan) });
    const text = await packageTextTracks(ctx.runner, {
      sourcePath,
      inboxDir,
      subtitleStreams: info.subtitleStreams,
      sidecars,
      outDir: stagingDir,
      workDir: join(stagingDir, '.text-work'),
      segmentSeconds: plan.segmentSeconds,
      durationMs: encoded.durationMs,
      timelineStartMs: encoded.timelineStartMs,
      signal: hooks.signal,
    }).catch((err: unknown) => {
      throw toTranscodeError(err, 'converting the subtitles');
    });
    await writeTrackManifests(stagingDir, { audio: audioTrackMetas(info.audioStreams), text: text.tracks, segmentSeconds: plan.segmentSeconds });
    const output = await readPackagedOutput(stagingDir, { rungNames: rungNames(plan) });
    const expectedMs = info.durationSec * 1000;
    if (output.durationMs < expectedMs * 0.9 && expectedMs - output.durationMs > 2000) {
      throw sourceError(
        'SS_SOURCE_TRUNCATED',
        `The file is incomplete or damaged: it announces ${(expectedMs / 1000).toFixed(1)} s but only ${(output.durationMs / 1000).toFixed(1)} s could be read. Copy or export it again.`,
      );
    }
    await publishFolder(stagingDir, mediaDir, assetId);
    const asset = buildAsset({ assetId, title, output, segmentSeconds: plan.segmentSeconds, nowMs: ctx.clock() });
    await ctx.store.putAsset(asset);
    return { asset, transcoded: true, trackIssues: text.issues, sidecars: sidecarNames };
  } finally {
    await rm(stagingDir, { recursive: true, force: true });
  }
}

function toTranscodeError(err: unknown, what: string): PipelineError {
  if (err instanceof PipelineError) return err;
  if (err instanceof MediaToolError) {
    if (err.details.spawnFailed) return mediaToolUnavailable(err.details.tool, err.message);
    if (err.details.cancelled) return new PipelineError('SS_CANCELLED', 'Processing was stopped (the worker is shutting down); it will resume.', { permanent: false, stderrTail: err.details.stderrTail });
    const last = err.details.stderrTail.split('\n').filter((l) => l.trim()).at(-1)?.trim() ?? err.message;
    return new PipelineError('SS_TRANSCODE_FAILED', `The video could not be converted while ${what}: ${last}`, { permanent: false, stderrTail: err.details.stderrTail });
  }
  return new PipelineError('SS_TRANSCODE_FAILED', `The video could not be converted while ${what}: ${(err as Error).message}`, { permanent: false });
}
