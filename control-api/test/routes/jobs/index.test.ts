import { expect } from 'chai';
import type { Job } from '../../../src/contracts/jobs.js';
import { AUTH, startHarness, type Harness } from '../../app/harness.js';
import { T0, makeJob } from '../../store/builders.js';

describe('routes/jobs', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  it('lists jobs newest first with every field, and filters by status', async () => {
    const queued = makeJob({ createdAt: T0 + 1 });
    const failed = makeJob({ createdAt: T0 + 3, status: 'failed', attempts: 3, error: 'The file is empty (0 bytes). (SS_SOURCE_EMPTY)', stderrTail: 'moov atom not found' });
    const done = makeJob({ createdAt: T0 + 2, status: 'done', progress: 100, attempts: 1, assetId: 'abc123', command: 'ffmpeg -i file:/x.mp4', startedAt: T0 + 10, finishedAt: T0 + 20 });
    for (const job of [queued, failed, done]) await h.store.insertJob(job);
    const res = await h.inject({ method: 'GET', url: '/v1/jobs', headers: AUTH });
    expect(res.statusCode).to.equal(200);
    const body = h.json<{ jobs: Job[]; total: number }>(res);
    expect(body.jobs.map((j) => j.id)).to.deep.equal([failed.id, done.id, queued.id]);
    expect(body.total).to.equal(3);
    expect(body.jobs[1]).to.deep.equal(done);
    const onlyFailed = h.json<{ jobs: Job[]; total: number }>(await h.inject({ method: 'GET', url: '/v1/jobs?status=failed', headers: AUTH }));
    expect(onlyFailed.jobs.map((j) => j.id)).to.deep.equal([failed.id]);
    expect(onlyFailed.jobs[0]?.stderrTail).to.equal('moov atom not found');
    const limited = h.json<{ jobs: Job[]; total: number }>(await h.inject({ method: 'GET', url: '/v1/jobs?limit=1', headers: AUTH }));
    expect([limited.jobs.length, limited.total]).to.deep.equal([1, 3]);
  });

  it('gets one job, and answers 404 SS_JOB_NOT_FOUND for an unknown one', async () => {
    const job = makeJob({ status: 'running', progress: 42.5, leaseOwner: 'worker-1', leaseUntil: T0 + 60_000 });
    await h.store.insertJob(job);
    const res = await h.inject({ method: 'GET', url: `/v1/jobs/${job.id}`, headers: AUTH });
    expect(res.statusCode).to.equal(200);
    expect(h.json(res)).to.deep.equal(job);
    const missing = await h.inject({ method: 'GET', url: '/v1/jobs/nope', headers: AUTH });
    expect([missing.statusCode, h.json(missing).code]).to.deep.equal([404, 'SS_JOB_NOT_FOUND']);
  });

  it('needs the broadcaster key and validates the query', async () => {
    for (const url of ['/v1/jobs', '/v1/jobs/x']) {
      const res = await h.inject({ method: 'GET', url });
      expect([res.statusCode, h.json(res).code]).to.deep.equal([401, 'SS_UNAUTHORIZED']);
    }
    for (const url of ['/v1/jobs?status=exploded', '/v1/jobs?limit=0', '/v1/jobs?limit=5000', '/v1/jobs/bad%20id']) {
      const res = await h.inject({ method: 'GET', url, headers: AUTH });
      expect([res.statusCode, h.json(res).code], url).to.deep.equal([400, 'SS_BAD_REQUEST']);
    }
  });
});
