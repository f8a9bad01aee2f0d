// The pipeline worker. A pass: look at the inbox, persist a job per new complete source, then lease jobs
// from the store one at a time (several workers can share one store and inbox: a lease is taken atomically,
// and the lease of a worker that died expires and is retried) until none is runnable.
import { createHash, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Asset } from '#contracts/lineup.js';
import type { Job } from '#contracts/jobs.js';
import type { PipelineSettings } from '#contracts/settings-schema.js';
import { silentLogger, type Logger } from '#contracts/logger.js';
import { CONTENT_DIRS, PIPELINE_DEFAULTS, type Tuning } from '../defaults.js';
import { PipelineError } from '../errors.js';
import type { MediaRunner } from '../ffmpeg/runner.js';
import { InboxScanner, type InboxEntry } from '../ingest/inbox.js';
import type { PipelineStore } from '../store-port.js';
import { StoreConflictError } from '#contracts/lineup-store.js';
import { moveToFailed } from './failed-folder.js';
import { packageSource, sidecarsInInbox } from './package-source.js';
import { removeStaleStaging, stagingAssetId } from './publish.js';

export type { Tuning };

export interface WorkerOptions {
  /** Absolute content library (inbox/, media/, failed/, .staging/). */
  contentDir: string;
  pipeline: PipelineSettings;
  store: PipelineStore;
  runner: MediaRunner;
  clock?: () => number;
  /** Lease owner name; unique per worker. */
  owner?: string;
  /** Announces every newly ready asset (the lineup service bumps its version and notifies clients). */
  onAssetPublished?: (asset: Asset) => void | Promise<void>;
  /** Every job write (the CLI draws its progress bar from this). */
  onJobUpdate?: (job: Job) => void;
  /** Jobs queued, processed, published, retried, failed (npm start: the `pipeline` child; default: nowhere). */
  logger?: Logger;
  sleep?: (ms: number) => Promise<void>;
  /** Runs `fn` every `ms` until the returned stop is called (default: the system's interval, unref'd). */
  every?: (fn: () => void, ms: number) => () => void;
  tuning?: Partial<Tuning>;
}

const systemEvery = (fn: () => void, ms: number): (() => void) => {
  const timer = setInterval(fn, ms);
  timer.unref();
  return () => clearInterval(timer);
};

export interface PassReport {
  enqueued: number;
  done: Job[];
  failed: Job[];
  /** Jobs put back in the queue after a retryable failure or a stop. */
  retried: Job[];
  /** Jobs done without an encode (content already published). */
  reused: number;
  /** Set when a system error (a media tool missing or broken) ended the pass early: its message. */
  waiting: string | null;
  elapsedMs: number;
}

/**
 * The job id follows from the file's name, size and mtime, so workers sharing an inbox that see the same
 * new file insert the same job (the store refuses the second insert).
 */
export function jobIdFor(entry: InboxEntry): string {
  const hash = createHash('sha256').update(`${entry.name}\n${entry.sizeBytes}\n${entry.mtimeMs}`).digest('hex');
  return `job-${hash.slice(0, 32)}`;
}

export class PipelineWorker {
  readonly owner: string;
  private readonly tuning: Tuning;
  private readonly clock: () => number;
  private readonly log: Logger;
  private readonly scanner: InboxScanner;
  private current: Promise<PassReport> | null = null;
  private abort: AbortController | null = null;
  private stopping = false;

  constructor(private readonly o: WorkerOptions) {
    this.tuning = { ...PIPELINE_DEFAULTS, ...o.tuning };
    this.clock = o.clock ?? Date.now;
    this.log = o.logger ?? silentLogger();
    this.owner = o.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    this.scanner = new InboxScanner({ inboxDir: this.dir('inbox'), settleMs: this.tuning.settleMs, sleep });
  }

  private dir(kind: keyof typeof CONTENT_DIRS): string {
    return join(this.o.contentDir, CONTENT_DIRS[kind]);
  }

  /** Runs one pass; while a pass is running, a new call joins it instead of starting another. */
  runPass(): Promise<PassReport> {
    if (!this.current) {
      this.current = this.pass().finally(() => {
        this.current = null;
      });
    }
    return this.current;
  }

  /** Stops after the current job: a running encode is cancelled and its job goes back to the queue. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.abort?.abort();
    await this.current?.catch(() => undefined);
  }

  private async pass(): Promise<PassReport> {
    const started = Date.now();
    const report: PassReport = { enqueued: 0, done: [], failed: [], retried: [], reused: 0, waiting: null, elapsedMs: 0 };
    for (const kind of ['inbox', 'media', 'failed', 'staging'] as const) await mkdir(this.dir(kind), { recursive: true });
    await this.removeDeadStaging();
    const complete = await this.scanner.completeFiles((entry) => this.wantsLook(entry));
    for (const entry of complete) if (await this.enqueue(entry)) report.enqueued += 1;
    while (!this.stopping && report.waiting === null) {
      const job = await this.o.store.leaseJob(this.owner, this.clock(), this.o.pipeline.leaseMs);
      if (!job) break;
      await this.runJob(job, report);
    }
    report.elapsedMs = Date.now() - started;
    return report;
  }

  /**
   * Staging left by workers that died: a job's folder is kept only while a worker holds a lease on a
   * running job of that asset (a dead worker's lease runs out within `leaseMs`); anything else is kept
   * for `staleStagingMs` at most.
   */
  private async removeDeadStaging(): Promise<void> {
    const now = this.clock();
    const live = new Set<string>();
    for (const job of await this.o.store.listJobs()) {
      if (job.status === 'running' && job.assetId !== null && (job.leaseUntil ?? 0) > now) live.add(job.assetId);
    }
    const removed = await removeStaleStaging(this.dir('staging'), {
      maxAgeMs: this.tuning.staleStagingMs,
      nowMs: Date.now(),
      isDead: (name) => {
        const assetId = stagingAssetId(name);
        return assetId !== null && !name.startsWith('sample-') && !live.has(assetId);
      },
    });
    if (removed > 0) this.log.info({ code: 'SS_STAGING_CLEANED', removed }, `removed ${removed} staging folder(s) left by work that stopped`);
  }

  /** Worth looking at: no job yet, or its last job failed and the file is back in the inbox. */
  private async wantsLook(entry: InboxEntry): Promise<boolean> {
    const job = await this.o.store.findJobBySource(entry.name, entry.sizeBytes);
    return job === null || job.status === 'failed';
  }

  private async enqueue(entry: InboxEntry): Promise<boolean> {
    const now = this.clock();
    const existing = await this.o.store.findJobBySource(entry.name, entry.sizeBytes);
    if (existing && existing.status !== 'failed') return false;
    if (existing) {
      // Failed sources are moved out of the inbox: this one was dropped in again, so it gets a fresh start.
      await this.save({ ...existing, status: 'queued', attempts: 0, progress: 0, error: null, stderrTail: null, startedAt: null, finishedAt: null, leaseOwner: null, leaseUntil: null, createdAt: now });
      return true;
    }
    const job: Job = {
      id: jobIdFor(entry),
      source: entry.name,
      sourceBytes: entry.sizeBytes,
      assetId: null,
      status: 'queued',
      attempts: 0,
      progress: 0,
      leaseOwner: null,
      leaseUntil: null,
      createdAt: now,
      updatedAt: now,
      startedAt: null,
      finishedAt: null,
      command: null,
      error: null,
      stderrTail: null,
    };
    try {
      await this.o.store.insertJob(job);
    } catch (err) {
      // Another worker saw the same file in the same state first: one job per source.
      if (err instanceof StoreConflictError) return false;
      throw err;
    }
    this.o.onJobUpdate?.(job);
    this.log.info({ jobId: job.id, source: entry.name, bytes: entry.sizeBytes }, `queued ${entry.name} (${entry.sizeBytes} bytes) as ${job.id}`);
    return true;
  }

  private writes: Promise<unknown> = Promise.resolve();

  /** Job writes are serialized so a late progress write never overtakes the final status. */
  private save(job: Job): Promise<void> {
    const doc: Job = { ...job, updatedAt: this.clock() };
    const write = this.writes.then(() => this.o.store.updateJob(doc));
    this.writes = write.catch(() => undefined);
    this.o.onJobUpdate?.(doc);
    return write.then(() => undefined);
  }

  private async runJob(leased: Job, report: PassReport): Promise<void> {
    const p = this.o.pipeline;
    // A new attempt reports its own track issues.
    const { trackIssues: _previous, ...fresh } = leased;
    let job: Job = { ...fresh, startedAt: this.clock(), finishedAt: null, progress: 0, error: null, stderrTail: null };
    if (job.attempts > p.maxAttempts) {
      const err = new PipelineError('SS_TRANSCODE_FAILED', `Processing stopped ${p.maxAttempts} times without finishing (the worker died each time); the file was set aside.`, { permanent: true });
      report.failed.push(await this.fail(job, err));
      return;
    }
    await this.save(job);
    this.log.info({ jobId: job.id, source: job.source, attempt: job.attempts }, `processing ${job.source} (attempt ${job.attempts}/${p.maxAttempts})`);
    const abort = new AbortController();
    this.abort = abort;
    let lastWrite = 0;
    // The lease is renewed while the job runs, whatever it is doing (a loudness pass or a packaging step
    // reports no progress): only a worker that died lets it run out, and its job is retried within leaseMs.
    const renewEveryMs = p.leaseMs / this.tuning.leaseRenewalsPerLease;
    const stopHeartbeat = (this.o.every ?? systemEvery)(() => {
      if (job.status !== 'running' || Date.now() - lastWrite < renewEveryMs) return;
      lastWrite = Date.now();
      job = { ...job, leaseUntil: this.clock() + p.leaseMs };
      void this.save(job).catch(() => undefined);
    }, renewEveryMs);
    try {
      const result = await packageSource(
        {
          contentDir: this.o.contentDir,
          pipeline: p,
          store: this.o.store,
          runner: this.o.runner,
          clock: this.clock,
          threads: this.tuning.threads,
          posterAtSeconds: this.tuning.posterAtSeconds,
          truePeakDbtp: this.tuning.truePeakDbtp,
          loudnessRangeLu: this.tuning.loudnessRangeLu,
        },
        job.source,
        {
          signal: abort.signal,
          onAssetId: async (assetId) => {
            job = { ...job, assetId };
            await this.save(job);
          },
          onCommand: async (command) => {
            job = { ...job, command: command.slice(0, 20000) };
            await this.save(job);
          },
          onProgress: (percent) => {
            job = { ...job, progress: Math.min(99, Math.max(job.progress, Math.round(percent * 10) / 10)) };
            const now = Date.now();
            if (now - lastWrite < this.tuning.progressWriteMs) return;
            lastWrite = now;
            // Progress doubles as the lease heartbeat: a long encode keeps its lease.
            job = { ...job, leaseUntil: this.clock() + p.leaseMs };
            void this.save(job).catch(() => undefined);
          },
        },
      );
      job = {
        ...job,
        status: 'done',
        progress: 100,
        assetId: result.asset.id,
        finishedAt: this.clock(),
        leaseOwner: null,
        leaseUntil: null,
        ...(result.trackIssues.length > 0 ? { trackIssues: result.trackIssues } : {}),
        ...(result.sidecars.length > 0 ? { sidecars: result.sidecars } : {}),
      };
      await this.save(job);
      for (const issue of result.trackIssues) this.log.warn({ jobId: job.id, source: job.source, code: issue.code }, `${job.source}: ${issue.message} (${issue.code})`);
      report.done.push(job);
      if (!result.transcoded) report.reused += 1;
      this.log.info({ jobId: job.id, source: job.source, assetId: result.asset.id }, `${job.source}: ${result.transcoded ? 'published' : 'already published as'} ${result.asset.id}`);
      if (result.transcoded) await this.announce(result.asset);
    } catch (raw) {
      const err = raw instanceof PipelineError ? raw : new PipelineError('SS_TRANSCODE_FAILED', `Processing failed: ${(raw as Error).message}`, { permanent: false });
      // Cancelled (shutdown) and system errors (the machine's, not the file's) spend no attempt.
      const free = err.code === 'SS_CANCELLED' || err.system;
      if (free || (!err.permanent && job.attempts < p.maxAttempts)) {
        job = {
          ...job,
          status: 'queued',
          leaseOwner: null,
          leaseUntil: null,
          attempts: free ? Math.max(0, job.attempts - 1) : job.attempts,
          error: err.code === 'SS_CANCELLED' ? null : `${err.message} (${err.code}; will retry)`,
          stderrTail: err.stderrTail ? err.stderrTail.slice(-this.tuning.stderrTailChars) : null,
        };
        await this.save(job);
        report.retried.push(job);
        this.log.warn({ jobId: job.id, source: job.source, code: err.code }, `${job.source}: ${err.message} (${err.code}); queued again`);
        // The next job would meet the same machine: this pass ends, the next one tries again.
        if (err.system) report.waiting = err.message;
      } else {
        report.failed.push(await this.fail(job, err));
      }
    } finally {
      stopHeartbeat();
      this.abort = null;
    }
  }

  private async fail(job: Job, err: PipelineError): Promise<Job> {
    const sidecars = (await sidecarsInInbox(this.dir('inbox'), job.source)).map((s) => s.name);
    const failed: Job = {
      ...job,
      status: 'failed',
      finishedAt: this.clock(),
      leaseOwner: null,
      leaseUntil: null,
      error: `${err.message} (${err.code})`.slice(0, 4000),
      stderrTail: err.stderrTail ? err.stderrTail.slice(-this.tuning.stderrTailChars) : null,
      ...(sidecars.length > 0 ? { sidecars } : {}),
    };
    await moveToFailed({
      inboxDir: this.dir('inbox'),
      failedDir: this.dir('failed'),
      source: job.source,
      sidecars,
      report: { jobId: job.id, source: job.source, code: err.code, message: err.message, attempts: job.attempts, failedAt: new Date(failed.finishedAt ?? 0).toISOString(), stderrTail: failed.stderrTail },
    }).catch((moveErr: unknown) => this.log.warn({ jobId: job.id, source: job.source, code: 'SS_PIPELINE_MOVE_FAILED', err: moveErr }, `${job.source}: could not move to failed/: ${(moveErr as Error).message}`));
    await this.save(failed);
    this.log.warn({ jobId: job.id, source: job.source, code: err.code }, `${job.source}: failed: ${err.message} (${err.code})`);
    return failed;
  }

  private async announce(asset: Asset): Promise<void> {
    try {
      await this.o.onAssetPublished?.(asset);
    } catch (err) {
      this.log.warn({ assetId: asset.id, code: 'SS_PIPELINE_ANNOUNCE_FAILED', err }, `announcing asset ${asset.id} failed: ${(err as Error).message}`);
    }
  }
}
