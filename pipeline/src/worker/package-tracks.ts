// Text tracks and track manifests of one package, after the ladder encode: every text subtitle stream and
// sidecar becomes segmented WebVTT in the staging folder (ffmpeg converts, vtt.ts cuts), then the MPD and
// the HLS master are rewritten to list the audio languages and the text tracks. A track that cannot be
// converted is left out and reported (a coded TrackIssue); the rest publishes. Bitmap subtitle streams
// are reported as not converted.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TrackIssue } from '#contracts/jobs.js';
import type { TextTrack, TextTrackKind } from '#contracts/lineup.js';
import { ASSET_FILES } from '#core/content-layout.js';
import { OUTPUT_NAMES } from '../defaults.js';
import { PipelineError } from '../errors.js';
import { sidecarToVttArgs, subtitleToVttArgs } from '../ffmpeg/args.js';
import { MediaToolError, type MediaRunner } from '../ffmpeg/runner.js';
import type { Sidecar } from '../ingest/sidecars.js';
import { addTracksToMpd, rewriteHlsMaster, textFiles, type AudioTrackMeta, type TextTrackMeta } from '../media/track-manifests.js';
import { trackLabel, type AudioStreamInfo, type SubtitleStreamInfo } from '../media/tracks.js';
import { checkSidecar, parseVtt, segmentVtt, VttError, vttMediaPlaylist } from '../media/vtt.js';

/** Bitmap subtitle streams of the source, reported as not converted (pure: from the probe). */
export function bitmapIssues(streams: readonly SubtitleStreamInfo[]): TrackIssue[] {
  return streams
    .filter((s) => s.bitmap)
    .map((s) => ({
      code: 'SS_TEXT_BITMAP_NOT_CONVERTED' as const,
      kind: 'text' as const,
      source: 'stream' as const,
      streamIndex: s.index,
      file: null,
      codec: s.codec,
      lang: s.lang,
      message: `Subtitle stream ${s.index} (${s.lang}, ${s.codec}) is a picture-based format: it is not converted to text and is left out. Supply it as an .srt or .vtt file beside the source to keep it.`,
    }));
}

/** The audio renditions' languages and labels, in order (a source without audio: one untagged track). */
export function audioTrackMetas(streams: readonly AudioStreamInfo[]): AudioTrackMeta[] {
  if (streams.length === 0) return [{ lang: 'und', label: trackLabel({ title: null, lang: 'und', ordinal: 0 }) }];
  return streams.map((s, i) => ({ lang: s.lang, label: trackLabel({ title: s.title, lang: s.lang, ordinal: i }) }));
}

export interface TextPackageOptions {
  sourcePath: string;
  inboxDir: string;
  subtitleStreams: readonly SubtitleStreamInfo[];
  sidecars: readonly Sidecar[];
  /** The staging folder the ladder was written to: segments and playlists go there. */
  outDir: string;
  /** A scratch folder for ffmpeg's whole-file WebVTT, removed before this returns (a hidden folder in outDir is fine). */
  workDir: string;
  segmentSeconds: number;
  durationMs: number;
  timelineStartMs: number;
  signal?: AbortSignal;
}

interface TextCandidate {
  source: 'stream' | 'sidecar';
  streamIndex: number | null;
  file: string | null;
  codec: string;
  lang: string;
  title: string | null;
  kind: TextTrackKind;
  args: (outFile: string) => string[];
  /** Checks run before ffmpeg (a sidecar's UTF-8 and timings); throws VttError. */
  check?: () => Promise<void>;
}

/** Converts and segments every text track it can; returns the tracks written (in order) and the issues. */
export async function packageTextTracks(runner: MediaRunner, o: TextPackageOptions): Promise<{ tracks: TextTrackMeta[]; issues: TrackIssue[] }> {
  const candidates: TextCandidate[] = [
    ...o.subtitleStreams
      .filter((s) => !s.bitmap)
      .map((s): TextCandidate => ({ source: 'stream', streamIndex: s.index, file: null, codec: s.codec, lang: s.lang, title: s.title, kind: s.kind, args: (out) => subtitleToVttArgs(o.sourcePath, s.index, out) })),
    ...o.sidecars.map((c): TextCandidate => {
      const path = join(o.inboxDir, c.name);
      return {
        source: 'sidecar',
        streamIndex: null,
        file: c.name,
        codec: c.format,
        lang: c.lang,
        title: null,
        kind: c.kind,
        args: (out) => sidecarToVttArgs(path, c.format, out),
        check: async () => {
          checkSidecar(await readFile(path));
        },
      };
    }),
  ];
  const tracks: TextTrackMeta[] = [];
  const issues: TrackIssue[] = [...bitmapIssues(o.subtitleStreams)];
  await mkdir(o.workDir, { recursive: true });
  try {
    for (const [i, c] of candidates.entries()) {
      const what = c.source === 'stream' ? `Subtitle stream ${c.streamIndex ?? 0} (${c.lang}, ${c.codec})` : `Sidecar ${c.file ?? ''}`;
      const issue = (code: TrackIssue['code'], why: string): TrackIssue => ({
        code,
        kind: 'text',
        source: c.source,
        streamIndex: c.streamIndex,
        file: c.file,
        codec: c.codec,
        lang: c.lang,
        message: `${what} is left out: ${why}.`.slice(0, 1000),
      });
      try {
        await c.check?.();
        const whole = join(o.workDir, `text-${i}.vtt`);
        await runner.ffmpeg(c.args(whole), o.signal ? { signal: o.signal } : {});
        const cues = parseVtt(await readFile(whole, 'utf8'));
        if (cues.length === 0) throw new VttError('SS_TEXT_EMPTY', 'it holds no subtitle cue');
        const id = `${ASSET_FILES.textRepresentationPrefix}${tracks.length}`;
        const files = textFiles(id);
        const timing = { segmentSeconds: o.segmentSeconds, durationMs: o.durationMs, timelineStartMs: o.timelineStartMs };
        const segments = segmentVtt(cues, timing);
        const names = segments.map((_, n) => files.segment(ASSET_FILES.startNumber + n));
        await Promise.all(segments.map((text, n) => writeFile(join(o.outDir, names[n] ?? ''), text)));
        await writeFile(join(o.outDir, files.playlist), vttMediaPlaylist(names, timing));
        tracks.push({ id, lang: c.lang, label: trackLabel({ title: c.title, lang: c.lang, kind: c.kind, ordinal: tracks.length }), kind: c.kind, source: c.source });
      } catch (err) {
        if (err instanceof VttError) issues.push(issue(err.code, err.message));
        else if (err instanceof MediaToolError && !err.details.cancelled && !err.details.spawnFailed) {
          const last = err.details.stderrTail.split('\n').filter((l) => l.trim()).at(-1)?.trim() ?? err.message;
          issues.push(issue('SS_TEXT_CONVERT_FAILED', `ffmpeg could not convert it (${last})`));
        } else throw err;
      }
    }
  } finally {
    await rm(o.workDir, { recursive: true, force: true });
  }
  return { tracks, issues };
}

/** Rewrites the staged MPD and HLS master for the tracks (nothing to do for one untagged audio and no text). */
export async function writeTrackManifests(dir: string, tracks: { audio: readonly AudioTrackMeta[]; text: readonly TextTrackMeta[]; segmentSeconds: number }): Promise<void> {
  const plain = tracks.text.length === 0 && tracks.audio.length <= 1 && tracks.audio.every((a) => a.lang === 'und');
  if (plain) return;
  const mpdPath = join(dir, OUTPUT_NAMES.manifest);
  const masterPath = join(dir, OUTPUT_NAMES.hlsMaster);
  try {
    await writeFile(mpdPath, addTracksToMpd(await readFile(mpdPath, 'utf8'), tracks));
    await writeFile(masterPath, rewriteHlsMaster(await readFile(masterPath, 'utf8'), tracks));
  } catch (err) {
    throw new PipelineError('SS_PACKAGE_INVALID', `The packaged manifests could not be given their tracks: ${(err as Error).message}.`, { permanent: false });
  }
}
