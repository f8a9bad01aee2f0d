import { expect } from 'chai';
import { nodeCronPort, PipelineScheduler, type CronPort, type CronTask } from '../src/scheduler.js';
import type { PassReport } from '../src/worker/worker.js';
import { captureLogger } from '#control-api/logging/capture-logger.js';

const report = (): PassReport => ({ enqueued: 0, done: [], failed: [], retried: [], reused: 0, waiting: null, elapsedMs: 0 });

/** A cron port whose ticks the test fires itself. */
class FakeCron implements CronPort {
  expression: string | null = null;
  onTick: (() => Promise<void>) | null = null;
  stopped = false;
  validate = (e: string) => nodeCronPort.validate(e);
  schedule(expression: string, onTick: () => Promise<void>): CronTask {
    this.expression = expression;
    this.onTick = onTick;
    return { stop: () => { this.stopped = true; }, destroy: () => {} };
  }
  fire(): Promise<void> {
    if (!this.onTick) throw new Error('not scheduled');
    return this.onTick();
  }
}

describe('scheduler', () => {
  it('runs a pass on every tick of the configured schedule, stamped with the injected clock', async () => {
    const cron = new FakeCron();
    let now = 1_000;
    let passes = 0;
    const s = new PipelineScheduler({ expression: '*/5 * * * *', cron, clock: () => now, runPass: async () => { passes += 1; return report(); } });
    s.start();
    expect(cron.expression).to.equal('*/5 * * * *');
    await cron.fire();
    now = 301_000;
    await cron.fire();
    expect(passes).to.equal(2);
    expect(s.snapshot()).to.include({ passes: 2, lastPassAt: 301_000, running: true, lastError: null });
    await s.stop();
    expect(cron.stopped).to.equal(true);
  });

  it('skips a tick while the previous pass is still running', async () => {
    const cron = new FakeCron();
    let release: () => void = () => {};
    let started = 0;
    const s = new PipelineScheduler({
      expression: '* * * * *',
      cron,
      runPass: () => {
        started += 1;
        return new Promise<PassReport>((resolve) => { release = () => resolve(report()); });
      },
    });
    s.start();
    const first = cron.fire();
    const second = cron.fire();
    expect(started).to.equal(1);
    release();
    await Promise.all([first, second]);
    expect(s.snapshot()).to.include({ passes: 1, skipped: 1 });
    const third = cron.fire();
    expect(started).to.equal(2);
    release();
    await third;
    await s.stop();
  });

  it('keeps going after a failing pass', async () => {
    const cron = new FakeCron();
    let n = 0;
    const log = captureLogger();
    const warnings = () => log.at('warn').map((r) => r.msg);
    const s = new PipelineScheduler({
      expression: '* * * * *',
      cron,
      logger: log.logger.child({ component: 'pipeline' }),
      runPass: async () => {
        n += 1;
        if (n === 1) throw new Error('store unreachable');
        return report();
      },
    });
    s.start();
    await cron.fire();
    expect(s.snapshot().lastError).to.equal('store unreachable');
    expect(warnings()[0]).to.match(/store unreachable/);
    expect(log.records).to.have.length(1);
    expect(log.records[0]).to.include({ component: 'pipeline', code: 'SS_PIPELINE_PASS_FAILED' });
    await cron.fire();
    expect(s.snapshot()).to.include({ passes: 1, lastError: null });
    await s.stop();
  });

  it('refuses an invalid cron expression, naming the setting', () => {
    expect(() => new PipelineScheduler({ expression: 'every minute', runPass: async () => report() })).to.throw(/services\.pipeline\.schedule/);
  });

  it('schedules through node-cron by default and stops cleanly', async () => {
    const s = new PipelineScheduler({ expression: '0 0 1 1 *', runPass: async () => report() });
    s.start();
    expect(s.snapshot().running).to.equal(true);
    await s.stop();
    expect(s.snapshot().running).to.equal(false);
  });
});
