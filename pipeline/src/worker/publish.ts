// Atomic publish: the ladder is written into content/.staging/<unique>/, checked, then renamed into
// content/media/{assetId}/ in one step. A player never sees a half-written asset, and a crash leaves only a
// staging folder (removed later). The asset document is built from the packaged output itself.
import { access, mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Asset, AudioTrack, Rendition, TextTrack } from '#contracts/lineup.js';
import { OUTPUT_NAMES } from '../defaults.js';
import { assetFileUrl } from '#core/content-layout.js';
import { PipelineError } from '../errors.js';
import type { LadderPlan } from '../ffmpeg/ladder-plan.js';
import { AUDIO_CHANNELS } from '../ffmpeg/args.js';
import { parseHlsMaster, parseMpd, representationDurationMs } from '../media/manifest.js';
import { readMpdTracks } from '../media/track-manifests.js';
import { trackLabel } from '../media/tracks.js';

export interface PackagedOutput {
  durationMs: number;
  renditions: Rendition[];
  /** The top video rung's first media time, milliseconds (where text segments start). */
  timelineStartMs: number;
  audioTracks: AudioTrack[];
  textTracks: TextTrack[];
}

const exists = (p: string) => access(p).then(() => true, () => false);

/** Reads and checks a packaged folder: MPD with every rung, HLS master with every rung, poster. */
export async function readPackagedOutput(dir: string, expected: { rungNames: string[] }): Promise<PackagedOutput> {
  const invalid = (why: string) => new PipelineError('SS_PACKAGE_INVALID', `The packaged output is incomplete: ${why}.`, { permanent: false });
  let mpdText: string;
  let masterText: string;
  try {
    mpdText = await readFile(join(dir, OUTPUT_NAMES.manifest), 'utf8');
    masterText = await readFile(join(dir, OUTPUT_NAMES.hlsMaster), 'utf8');
  } catch {
    throw invalid('the DASH manifest or the HLS master playlist is missing');
  }
  if (!(await exists(join(dir, OUTPUT_NAMES.poster)))) throw invalid('the poster is missing');
  let mpd;
  let master;
  try {
    mpd = parseMpd(mpdText);
    master = parseHlsMaster(masterText);
  } catch (err) {
    throw invalid((err as Error).message);
  }
  const videos = mpd.representations.filter((r) => r.contentType === 'video');
  const audio = mpd.representations.find((r) => r.contentType === 'audio');
  const first = videos[0];
  if (!first || !audio) throw invalid('the manifest lacks video or audio');
  const wantRungs = expected.rungNames.length;
  if (videos.length !== wantRungs || master.variants.length !== wantRungs) {
    throw invalid(`expected ${wantRungs} renditions, found ${videos.length} in the MPD and ${master.variants.length} in the HLS master`);
  }
  const tracks = readMpdTracks(mpdText);
  if (master.audio.length !== tracks.audio.length && master.audio.length > 0) {
    throw invalid(`the MPD lists ${tracks.audio.length} audio renditions and the HLS master ${master.audio.length}`);
  }
  if (master.subtitles.length !== tracks.text.length) {
    throw invalid(`the MPD lists ${tracks.text.length} text tracks and the HLS master ${master.subtitles.length}`);
  }
  const audioCodec = audio.codecs;
  const renditions: Rendition[] = videos.map((v, i) => ({
    name: expected.rungNames[i] ?? `${v.height ?? 0}p`,
    width: v.width ?? 1,
    height: v.height ?? 1,
    bandwidth: Math.max(1, v.bandwidth + audio.bandwidth),
    codecs: `${v.codecs},${audioCodec}`,
    frameRate: v.frameRate ?? 30,
  }));
  return {
    durationMs: representationDurationMs(first),
    renditions,
    timelineStartMs: Math.round((first.firstTime * 1000) / first.timescale),
    audioTracks: tracks.audio.map((a, i) => ({ id: a.id, lang: a.lang, label: a.label || trackLabel({ title: null, lang: a.lang, ordinal: i }), channels: AUDIO_CHANNELS })),
    textTracks: tracks.text.map((t) => ({ ...t })),
  };
}

export const mediaUrls = (assetId: string) => ({
  dashUrl: assetFileUrl(assetId, OUTPUT_NAMES.manifest),
  hlsUrl: assetFileUrl(assetId, OUTPUT_NAMES.hlsMaster),
  posterUrl: assetFileUrl(assetId, OUTPUT_NAMES.poster),
});

export function buildAsset(options: {
  assetId: string;
  title: string;
  output: PackagedOutput;
  segmentSeconds: number;
  nowMs: number;
}): Asset {
  return {
    id: options.assetId,
    title: options.title,
    description: '',
    durationMs: options.output.durationMs,
    renditions: options.output.renditions,
    ...mediaUrls(options.assetId),
    audioTracks: options.output.audioTracks,
    textTracks: options.output.textTracks,
    segmentSeconds: options.segmentSeconds,
    status: 'ready',
    createdAt: options.nowMs,
    updatedAt: options.nowMs,
  };
}

/** A title from a file name: extension dropped, separators turned to spaces, trimmed to the schema's 200. */
export function titleFromFileName(name: string): string {
  const base = name.replace(/\.[^.]{1,8}$/, '').replace(/[_]+/g, ' ').trim();
  return (base.length > 0 ? base : name).slice(0, 200);
}

/**
 * Renames the staging folder into media/{assetId}. When the target already exists (another worker
 * published the same content first) the staging copy is dropped and the existing folder is used.
 */
export async function publishFolder(stagingDir: string, mediaDir: string, assetId: string): Promise<'published' | 'existed'> {
  await mkdir(mediaDir, { recursive: true });
  const target = join(mediaDir, assetId);
  try {
    await rename(stagingDir, target);
    return 'published';
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOTEMPTY' || code === 'EEXIST') {
      await rm(stagingDir, { recursive: true, force: true });
      return 'existed';
    }
    throw err;
  }
}

/** Removes staging folders older than `maxAgeMs` (left by a worker that died mid-transcode). */
/**
 * Removes staging folders no live work owns: those `isDead` names (a job's folder whose job no worker
 * holds a lease on: its worker died), and any older than `maxAgeMs` (what nothing else explains).
 */
export async function removeStaleStaging(stagingRoot: string, options: { maxAgeMs: number; nowMs: number; isDead?: (name: string) => boolean }): Promise<number> {
  let names: string[];
  try {
    names = await readdir(stagingRoot);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    const dir = join(stagingRoot, name);
    const s = await stat(dir).catch(() => null);
    if (s && (options.isDead?.(name) === true || options.nowMs - s.mtimeMs > options.maxAgeMs)) {
      await rm(dir, { recursive: true, force: true });
      removed += 1;
    }
  }
  return removed;
}

/** A packaging job's staging folder: `<assetId>.<unique>` (package-source.ts); the asset id, else null. */
export function stagingAssetId(name: string): string | null {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : null;
}

/** Checks a published folder still holds a complete package (used before skipping work). */
export async function isPublished(mediaDir: string, assetId: string): Promise<boolean> {
  const dir = join(mediaDir, assetId);
  return (await exists(join(dir, OUTPUT_NAMES.manifest))) && (await exists(join(dir, OUTPUT_NAMES.hlsMaster)));
}

export const rungNames = (plan: LadderPlan) => plan.rungs.map((r) => r.name);
