// What the pipeline reads and writes. Jobs live in the store (its JobStore port); assets and channels
// are written through the lineup service, so every mutation of the lineup goes through the one place
// that validates it and tells clients.
import type { AssetStore, JobStore } from '#contracts/lineup-store.js';
import type { Asset, Channel, ChannelInput, ChannelPatch } from '#contracts/lineup.js';

export type { JobStore };

/** The lineup service's writes and reads the pipeline uses (control-api/src/services/lineup). */
export interface PipelineLineup {
  asset(id: string): Promise<Asset | null>;
  putAsset(asset: Asset): Promise<Asset>;
  channel(id: string): Promise<Channel | null>;
  createChannel(input: ChannelInput): Promise<Channel>;
  updateChannel(id: string, patch: ChannelPatch): Promise<Channel>;
}

/** The worker's view: jobs and assets under one port (tests may pass a smaller double). */
export type PipelineStore = JobStore & Pick<AssetStore, 'getAsset' | 'putAsset'>;

/** Jobs from the store, assets through the lineup service. */
export function throughLineup(jobs: JobStore, lineup: Pick<PipelineLineup, 'asset' | 'putAsset'>): PipelineStore {
  return {
    listJobs: (...a) => jobs.listJobs(...a),
    getJob: (...a) => jobs.getJob(...a),
    findJobBySource: (...a) => jobs.findJobBySource(...a),
    insertJob: (...a) => jobs.insertJob(...a),
    updateJob: (...a) => jobs.updateJob(...a),
    leaseJob: (...a) => jobs.leaseJob(...a),
    getAsset: (id) => lineup.asset(id),
    putAsset: async (asset) => {
      await lineup.putAsset(asset);
    },
  };
}
