// An in-memory PipelineStore for tests (the real adapters pass the store contract suite in control-api).
import type { Asset } from '#contracts/lineup.js';
import type { Job } from '#contracts/jobs.js';
import type { PipelineStore } from '../../src/store-port.js';
import { StoreConflictError } from '#contracts/lineup-store.js';

export class MemoryPipelineStore implements PipelineStore {
  readonly jobs = new Map<string, Job>();
  readonly assets = new Map<string, Asset>();

  async getAsset(id: string) {
    return structuredClone(this.assets.get(id) ?? null);
  }
  async putAsset(asset: Asset) {
    this.assets.set(asset.id, structuredClone(asset));
  }
  async listJobs() {
    return [...this.jobs.values()].sort((a, b) => b.createdAt - a.createdAt).map((j) => structuredClone(j));
  }
  async getJob(id: string) {
    return structuredClone(this.jobs.get(id) ?? null);
  }
  async findJobBySource(source: string, sourceBytes: number) {
    const hits = [...this.jobs.values()].filter((j) => j.source === source && j.sourceBytes === sourceBytes);
    return structuredClone(hits.sort((a, b) => b.createdAt - a.createdAt)[0] ?? null);
  }
  async insertJob(job: Job) {
    if (this.jobs.has(job.id)) throw new StoreConflictError(`Job id ${job.id} is already in use`, 'id');
    this.jobs.set(job.id, structuredClone(job));
  }
  async updateJob(job: Job) {
    if (!this.jobs.has(job.id)) return false;
    this.jobs.set(job.id, structuredClone(job));
    return true;
  }
  async leaseJob(owner: string, nowMs: number, leaseMs: number) {
    const runnable = [...this.jobs.values()]
      .filter((j) => j.status === 'queued' || (j.status === 'running' && (j.leaseUntil ?? 0) < nowMs))
      .sort((a, b) => a.createdAt - b.createdAt)[0];
    if (!runnable) return null;
    const leased: Job = { ...runnable, status: 'running', leaseOwner: owner, leaseUntil: nowMs + leaseMs, attempts: runnable.attempts + 1 };
    this.jobs.set(leased.id, leased);
    return structuredClone(leased);
  }
}
