import { expect } from 'chai';
import { createProgressReporter, demoProgressLog, renderProgressLine } from '../src/progress-bar.js';
import type { Job } from '#contracts/jobs.js';

const job = (over: Partial<Job>): Job => ({
  id: 'job-1', source: 'show.mp4', sourceBytes: 1, assetId: null, status: 'running', attempts: 1, progress: 0,
  leaseOwner: null, leaseUntil: null, createdAt: 0, updatedAt: 0, startedAt: null, finishedAt: null, command: null, error: null, stderrTail: null,
  ...over,
});

describe('progress-bar', () => {
  it('renders the bar proportionally', () => {
    expect(renderProgressLine(job({ progress: 50 }), 10)).to.equal('[#####.....]  50.0%  show.mp4  running');
    expect(renderProgressLine(job({ progress: 100, status: 'done' }), 4)).to.equal('[####] 100.0%  show.mp4  done');
  });

  it('redraws in place on a terminal and prints status changes elsewhere', () => {
    const tty: string[] = [];
    const r = createProgressReporter({ isTTY: true, columns: 80, write: (s) => tty.push(s) });
    r.update(job({ progress: 10 }));
    r.update(job({ progress: 100, status: 'done' }));
    expect(tty[0]).to.match(/^\r\x1b\[2K\[/);
    expect(tty.at(-1)).to.equal('\n');
    const plain: string[] = [];
    const p = createProgressReporter({ write: (s) => plain.push(s) });
    p.update(job({ progress: 10 }));
    p.update(job({ progress: 20 }));
    p.update(job({ status: 'failed', error: 'The file is empty' }));
    expect(plain).to.deep.equal(['running show.mp4\n', 'failed  show.mp4: The file is empty\n']);
  });
});

describe('demo progress log', () => {
  it('prints the overall count and a line per source and step, each 25%, without repeats', () => {
    const lines: string[] = [];
    const log = demoProgressLog((l) => lines.push(l));
    const current = (name: string, step: 'generating' | 'packaging', percent: number) => ({ name, step, percent });
    log({ state: 'preparing', done: 0, total: 0, current: null, error: null }); // not counted yet: silent
    log({ state: 'preparing', done: 0, total: 4, current: null, error: null });
    for (const p of [0, 10, 30, 60, 99]) log({ state: 'preparing', done: 0, total: 4, current: current('01 Bars One.mp4', 'packaging', p), error: null });
    log({ state: 'retrying', done: 1, total: 4, current: null, error: 'disk full' });
    log({ state: 'ready', done: 4, total: 4, current: null, error: null });
    expect(lines).to.deep.equal([
      'demo content 0/4 ready',
      'demo content 0/4 ready · 01 Bars One.mp4: packaging 0%',
      'demo content 0/4 ready · 01 Bars One.mp4: packaging 25%',
      'demo content 0/4 ready · 01 Bars One.mp4: packaging 50%',
      'demo content 0/4 ready · 01 Bars One.mp4: packaging 75%',
      'demo content 4/4 ready',
    ]);
  });
});
