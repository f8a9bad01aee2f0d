// npm run bench:pipeline — a generated source (default 60 s 1080p30 with a tone) through the full ladder from
// settings.json, printed as x realtime; side by side, in the same run, one bare ffmpeg command producing the
// same ladder, before and after the pipeline (the ratio to their mean is the pipeline's overhead; goal <= 5 %); then a second pass over the same inbox
// (goal ~0 s and zero ffmpeg processes).
// Options: --duration <s> --width <px> --height <px> --fps <n> (small values for a quick check).
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadSettings } from '#control-api/config/load-settings.js';
import { EmbeddedStore } from '#control-api/store/embedded-store.js';
import { createMediaRunner } from '../src/ffmpeg/runner.js';
import { PipelineWorker } from '../src/worker/worker.js';
import { finite, jsonOutputPath, writeBenchResult } from '#bench-report/bench-result.js';
import { silentLogger } from '#contracts/logger.js';
import { exec, generateSource, ladderCommand } from './bench-source.js';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '60' },
    width: { type: 'string', default: '1920' },
    height: { type: 'string', default: '1080' },
    fps: { type: 'string', default: '30' },
    json: { type: 'string' }, // also write the machine-readable result there (control-api/bench/report)
  },
});
const durationSec = Number(values.duration);
const [width, height, fps] = [Number(values.width), Number(values.height), Number(values.fps)];

const root = await mkdtemp(join(tmpdir(), 'ss-bench-pipeline-'));
try {
  const base = loadSettings(fileURLToPath(new URL('../../settings.json', import.meta.url)), {});
  const contentDir = join(root, 'content');
  const inbox = join(contentDir, 'inbox');
  await mkdir(inbox, { recursive: true });
  const pipeline = base.services.pipeline;
  const source = join(inbox, `bench ${height}p${fps}.mp4`);
  process.stdout.write(`generating a ${durationSec} s ${width}x${height}@${fps} source...\n`);
  await generateSource(source, { durationSec, width, height, fps });

  // Reference: the same ladder command, run bare (loudness measured beforehand, not timed).
  const runner = createMediaRunner();
  const refOut = join(root, 'reference');
  const { args: refArgs, plan } = await ladderCommand(runner, source, pipeline, refOut);

  // The pipeline: scan, job, probe, hash, loudness pass, ladder, checks, atomic publish, registration.
  const store = await EmbeddedStore.open({ dataDir: join(root, 'data'), logger: silentLogger() });
  let spawns = 0;
  const worker = new PipelineWorker({
    contentDir,
    pipeline,
    store,
    runner: createMediaRunner({ onSpawn: () => (spawns += 1) }),
    tuning: { settleMs: 0 },
  });
  // The reference runs before and after the pipeline (its mean is the reference): two runs of the
  // same command differ by a few % on a busy or warming machine, and one order would favour a side.
  const bare = async () => {
    await rm(refOut, { recursive: true, force: true });
    await mkdir(refOut);
    return exec('ffmpeg', refArgs);
  };
  const refBeforeMs = await bare();
  const t0 = performance.now();
  const first = await worker.runPass();
  const pipelineMs = performance.now() - t0;
  if (first.done.length !== 1) throw new Error(`the pipeline did not publish the source: ${JSON.stringify(first.failed)}`);
  const refAfterMs = await bare();
  const refMs = (refBeforeMs + refAfterMs) / 2;

  spawns = 0;
  const t1 = performance.now();
  const second = await worker.runPass();
  const secondMs = performance.now() - t1;
  await store.close();

  const rungs = plan.rungs.map((r) => r.name).join(', ');
  const lines = [
    `source          ${durationSec} s ${width}x${height}@${fps}, ladder ${rungs}, preset ${pipeline.preset}, ${pipeline.segmentSeconds} s segments`,
    `pipeline        ${(pipelineMs / 1000).toFixed(2)} s  = ${(durationSec / (pipelineMs / 1000)).toFixed(2)}x realtime`,
    `bare ffmpeg     ${(refMs / 1000).toFixed(2)} s  = ${(durationSec / (refMs / 1000)).toFixed(2)}x realtime (same ladder command, mean of a run before and after: ${(refBeforeMs / 1000).toFixed(2)} s, ${(refAfterMs / 1000).toFixed(2)} s)`,
    `overhead        ${((pipelineMs / refMs - 1) * 100).toFixed(1)} %  (pipeline / bare = ${(pipelineMs / refMs).toFixed(3)}; goal <= 5 %)`,
    `second pass     ${secondMs.toFixed(1)} ms, ${spawns} ffmpeg/ffprobe processes, ${second.done.length} jobs run (goal ~0 s, 0 processes)`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  const jsonPath = values.json ?? jsonOutputPath([]);
  if (jsonPath) {
    const source = `${durationSec} s ${height}p${fps}, ${plan.rungs.length} rungs`;
    await writeBenchResult(jsonPath, {
      bench: 'pipeline',
      title: 'Content pipeline through the ladder vs a bare ffmpeg command',
      params: { durationSec, width, height, fps, rungs, preset: pipeline.preset },
      figures: [
        {
          id: 'speed', label: `ladder speed (${source})`, value: finite(durationSec / (pipelineMs / 1000)), unit: 'x realtime',
          reference: { label: 'bare ffmpeg, same ladder (mean of a run before and after)', value: finite(durationSec / (refMs / 1000)), unit: 'x realtime' },
        },
        { id: 'overhead', label: 'pipeline overhead over bare ffmpeg', value: finite((pipelineMs / refMs - 1) * 100), unit: '%', goal: { op: '<=', value: 5 } },
        { id: 'second-pass-ms', label: 'second pass over the same inbox', value: finite(secondMs), unit: 'ms' },
        { id: 'second-pass-processes', label: 'ffmpeg/ffprobe processes in the second pass', value: spawns, unit: '', goal: { op: '<=', value: 0 } },
      ],
    });
  }
} finally {
  await rm(root, { recursive: true, force: true });
}
