// bench:capacity helper — bytes per viewer-hour of every rung of the ladder in settings.json: a
// generated source (bench-source.ts) packaged by the pipeline's one-pass ladder command, then, per
// rung, the bytes of its video segments (init included) plus the audio's, over the source's duration,
// x 3600; beside the rung's nominal rate ((videoKbps + audioKbps) x 1000 / 8 x 3600) as the
// reference. Prints a table; with --json <file> writes a BenchResult (bench 'rung-bytes').
// Options: --duration 20 (s) --width 1920 --height 1080 (px) --fps 30 (the ladder keeps the rungs
// no taller than the source).
import { mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadSettings } from '#control-api/config/load-settings.js';
import { finite, jsonOutputPath, writeBenchResult, type Figure } from '#bench-report/bench-result.js';
import { ASSET_FILES, fillSegmentTemplate, mediaSegmentName } from '#core/content-layout.js';
import { createMediaRunner } from '../src/ffmpeg/runner.js';
import { exec, generateSource, ladderCommand } from './bench-source.js';

const RUNG_BYTES_DEFAULTS = { duration: '20', width: '1920', height: '1080', fps: '30' }; // s, px, px, frames/s
const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: RUNG_BYTES_DEFAULTS.duration },
    width: { type: 'string', default: RUNG_BYTES_DEFAULTS.width },
    height: { type: 'string', default: RUNG_BYTES_DEFAULTS.height },
    fps: { type: 'string', default: RUNG_BYTES_DEFAULTS.fps },
    json: { type: 'string' },
  },
});
const spec = { durationSec: Number(values.duration), width: Number(values.width), height: Number(values.height), fps: Number(values.fps) };
for (const [name, v] of Object.entries(spec)) {
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name === 'durationSec' ? 'duration' : name}: expected a positive number, got ${v}`);
}

/** Bytes of a representation's init segment and its media segments, numbered on from the first, in `dir`. */
async function representationBytes(dir: string, files: ReadonlySet<string>, representationId: string): Promise<number> {
  const names = [fillSegmentTemplate(ASSET_FILES.initSegment, { representationId, number: 0 })];
  for (let n = ASSET_FILES.startNumber; files.has(mediaSegmentName(representationId, n)); n++) names.push(mediaSegmentName(representationId, n));
  let bytes = 0;
  for (const f of names) if (files.has(f)) bytes += (await stat(join(dir, f))).size;
  return bytes;
}

const root = await mkdtemp(join(tmpdir(), 'ss-bench-rungs-'));
try {
  const pipeline = loadSettings(fileURLToPath(new URL('../../settings.json', import.meta.url)), {}).services.pipeline;
  const source = join(root, 'source.mp4');
  await generateSource(source, spec);
  const out = join(root, 'out');
  await mkdir(out);
  const { args, plan, durationSec } = await ladderCommand(createMediaRunner(), source, pipeline, out);
  await exec('ffmpeg', args);
  const files = new Set(await readdir(out));
  const audioBytes = await representationBytes(out, files, String(plan.rungs.length)); // ffmpeg numbers audio after the video rungs
  const perHour = (bytes: number) => (bytes / durationSec) * 3600;
  const rows = [];
  for (const [i, r] of plan.rungs.entries()) {
    const measured = perHour((await representationBytes(out, files, String(i))) + audioBytes);
    const nominal = ((r.videoKbps + pipeline.audioKbps) * 1000 / 8) * 3600;
    rows.push({ name: r.name, measured, nominal });
  }
  const gb = (b: number) => (b / 1e9).toFixed(3);
  process.stdout.write(`bytes per viewer-hour, ${durationSec.toFixed(1)} s ${spec.width}x${spec.height}@${spec.fps} test pattern through the ladder (video of the rung + audio ${pipeline.audioKbps} kbit/s)\n`);
  process.stdout.write('rung      measured GB/h   nominal GB/h   measured / nominal\n');
  for (const r of rows) process.stdout.write(`${r.name.padEnd(8)} ${gb(r.measured).padStart(14)} ${gb(r.nominal).padStart(14)} ${(r.measured / r.nominal).toFixed(2).padStart(20)}\n`);
  const jsonPath = values.json ?? jsonOutputPath([]);
  if (jsonPath) {
    const figures: Figure[] = rows.map((r) => ({
      id: `bytes-per-viewer-hour-${r.name}`, label: `bytes per viewer-hour, ${r.name} (video + audio)`, value: finite(r.measured), unit: 'B/h',
      reference: { label: 'nominal rate of the ladder (settings.json)', value: finite(r.nominal), unit: 'B/h' },
      note: `${durationSec.toFixed(1)} s test pattern, ${spec.height}p${spec.fps} source`,
    }));
    await writeBenchResult(jsonPath, { bench: 'rung-bytes', title: 'Bytes per viewer-hour per rung', params: { durationSec, width: spec.width, height: spec.height, fps: spec.fps }, figures });
  }
} finally {
  await rm(root, { recursive: true, force: true });
}
