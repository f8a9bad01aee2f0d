// A one-line progress bar for runs by hand on a terminal (cli.ts --once), and the demo lineup's
// progress as log lines for npm start's first run.
import type { Job } from '#contracts/jobs.js';
import type { DemoStatus } from './sample/demo-keeper.js';

/** Renders "[#######.............]  35.0%  name  running" to `width` bar cells. Pure. */
export function renderProgressLine(job: Pick<Job, 'source' | 'progress' | 'status'>, width = 30): string {
  const pct = Math.max(0, Math.min(100, job.progress));
  const filled = Math.round((pct / 100) * width);
  const name = job.source.length > 40 ? `${job.source.slice(0, 37)}...` : job.source;
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${pct.toFixed(1).padStart(5)}%  ${name}  ${job.status}`;
}

export interface ProgressSink {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** Draws job updates on a TTY (redrawn in place); elsewhere prints one line per status change. */
export function createProgressReporter(out: ProgressSink): { update(job: Job): void; done(): void } {
  const lastStatus = new Map<string, string>();
  let drawn = false;
  return {
    update(job) {
      if (out.isTTY) {
        const line = renderProgressLine(job).slice(0, Math.max(20, (out.columns || 100) - 1));
        out.write(`\r\x1b[2K${line}`);
        drawn = true;
        if (job.status === 'done' || job.status === 'failed') {
          out.write(job.status === 'failed' && job.error ? `\n  ${job.error}\n` : '\n');
          drawn = false;
        }
        return;
      }
      if (lastStatus.get(job.id) === job.status) return;
      lastStatus.set(job.id, job.status);
      out.write(`${job.status.padEnd(7)} ${job.source}${job.status === 'failed' && job.error ? `: ${job.error}` : ''}\n`);
    },
    done() {
      if (drawn) out.write('\n');
      drawn = false;
    },
  };
}

/**
 * The demo lineup's progress as log lines: the overall count, and a line per source and step each
 * `stepPercent` ("demo content 1/9 ready · Cartoon Club.mp4: packaging 50%").
 */
export function demoProgressLog(log: (line: string) => void, stepPercent = 25): (status: DemoStatus) => void {
  let last = '';
  return (status) => {
    if (status.total === 0) return; // nothing counted yet
    const c = status.current;
    const overall = `demo content ${status.done}/${status.total} ready`;
    const line =
      status.state === 'retrying' ? null
      : status.state === 'ready' ? `${overall}`
      : c ? `${overall} · ${c.name}: ${c.step} ${Math.floor(c.percent / stepPercent) * stepPercent}%`
      : overall;
    if (line === null || line === last) return;
    last = line;
    log(line);
  };
}
