// Runs inbox passes on the cron schedule from settings (services.pipeline.schedule, default every minute).
// node-cron is behind a small port so tests drive ticks themselves with a fake clock instead of waiting.
import cron from 'node-cron';
import type { Logger } from '#contracts/logger.js';
import type { PassReport } from './worker/worker.js';

export interface CronTask {
  stop(): void | Promise<void>;
  destroy(): void | Promise<void>;
}

export interface CronPort {
  validate(expression: string): boolean;
  schedule(expression: string, onTick: () => Promise<void>): CronTask;
}

/** node-cron itself: overlapping ticks are skipped by the scheduler, so noOverlap is only a second guard. */
export const nodeCronPort: CronPort = {
  validate: (expression) => cron.validate(expression),
  schedule: (expression, onTick) => cron.schedule(expression, onTick, { noOverlap: true, name: 'streamsync-pipeline' }),
};

export interface SchedulerOptions {
  expression: string;
  runPass: () => Promise<PassReport>;
  cron?: CronPort;
  clock?: () => number;
  /** A failed pass is a warning here (SS_PIPELINE_PASS_FAILED). */
  logger?: Logger;
  /** After every pass (tests and the CLI). */
  onPass?: (report: PassReport) => void;
}

export interface SchedulerStatus {
  running: boolean;
  passes: number;
  skipped: number;
  lastPassAt: number | null;
  lastError: string | null;
}

export class PipelineScheduler {
  private task: CronTask | null = null;
  private inFlight: Promise<void> | null = null;
  private readonly status: SchedulerStatus = { running: false, passes: 0, skipped: 0, lastPassAt: null, lastError: null };
  private readonly cron: CronPort;
  private readonly clock: () => number;

  constructor(private readonly o: SchedulerOptions) {
    this.cron = o.cron ?? nodeCronPort;
    this.clock = o.clock ?? Date.now;
    if (!this.cron.validate(o.expression)) {
      throw new Error(`services.pipeline.schedule: "${o.expression}" is not a valid cron expression`);
    }
  }

  start(): void {
    if (this.task) return;
    this.task = this.cron.schedule(this.o.expression, () => this.tick());
    this.status.running = true;
  }

  /** One scheduled tick: runs a pass unless the previous one is still going (then it is skipped). */
  tick(): Promise<void> {
    if (this.inFlight) {
      this.status.skipped += 1;
      return this.inFlight;
    }
    const started = this.clock();
    this.inFlight = this.o
      .runPass()
      .then((report) => {
        this.status.passes += 1;
        this.status.lastPassAt = started;
        this.status.lastError = null;
        this.o.onPass?.(report);
      })
      .catch((err: unknown) => {
        // A failing pass (store unreachable, disk full) is logged; the next tick tries again.
        this.status.lastPassAt = started;
        this.status.lastError = (err as Error).message;
        this.o.logger?.warn({ code: 'SS_PIPELINE_PASS_FAILED', err }, `pipeline pass failed: ${(err as Error).message}`);
      })
      .finally(() => {
        this.inFlight = null;
      });
    return this.inFlight;
  }

  snapshot(): SchedulerStatus {
    return { ...this.status };
  }

  /** Stops the schedule and waits for a pass in progress to end. */
  async stop(): Promise<void> {
    const task = this.task;
    this.task = null;
    this.status.running = false;
    if (task) {
      await task.stop();
      await task.destroy();
    }
    await this.inFlight;
  }
}
