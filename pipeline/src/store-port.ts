// What the pipeline reads and writes. Jobs live in the store (its JobStore port); assets and channels
// are written through the lineup service, so every mutation of the lineup goes through the one place
// that validates it and tells clients.
import type { AssetStore, JobStore } from '#contracts/lineup-store.js';
import type { Asset, Channel, ChannelInput, ChannelPatch } from '#contracts/lineup.js';
import type { Collection, CollectionInput, ProgrammingInput, ProgrammingRules } from '#contracts/programming.js';

export type { JobStore };

/** The lineup service's writes and reads the pipeline uses (control-api/src/services/lineup). */
export interface PipelineLineup {
  asset(id: string): Promise<Asset | null>;
  putAsset(asset: Asset): Promise<Asset>;
  channel(id: string): Promise<Channel | null>;
  createChannel(input: ChannelInput): Promise<Channel>;
  updateChannel(id: string, patch: ChannelPatch): Promise<Channel>;
}

/** The programming service's reads and writes the demo lineup uses (control-api/src/services/programming). */
export interface PipelineProgramming {
  /** The collection, or null when there is none of that id. */
  findCollection(id: string): Promise<Collection | null>;
  createCollection(input: CollectionInput): Promise<Collection>;
  replaceCollection(id: string, input: CollectionInput): Promise<Collection>;
  /** The rules of the channel's latest programming version, or null when it has none. */
  latestRules(channelId: string): Promise<ProgrammingRules | null>;
  putProgramming(channelId: string, input: ProgrammingInput): Promise<unknown>;
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

/** The programming service as control-api has it: lookups of what is missing throw errors coded *_NOT_FOUND. */
export interface ProgrammingServiceLike {
  collection(id: string): Promise<Collection>;
  createCollection(input: CollectionInput): Promise<Collection>;
  replaceCollection(id: string, input: CollectionInput): Promise<Collection>;
  programming(channelId: string): Promise<{ current: { rules: ProgrammingRules } }>;
  putProgramming(channelId: string, input: ProgrammingInput): Promise<unknown>;
}

/** The programming port over the service: "not found" becomes null, every other error goes through. */
export function throughProgramming(service: ProgrammingServiceLike): PipelineProgramming {
  const orNull = async <T>(read: Promise<T>, code: string): Promise<T | null> => {
    try {
      return await read;
    } catch (err) {
      if ((err as { code?: unknown }).code === code) return null;
      throw err;
    }
  };
  return {
    findCollection: (id) => orNull(service.collection(id), 'SS_COLLECTION_NOT_FOUND'),
    createCollection: (input) => service.createCollection(input),
    replaceCollection: (id, input) => service.replaceCollection(id, input),
    latestRules: async (channelId) => (await orNull(service.programming(channelId), 'SS_PROGRAMMING_NOT_FOUND'))?.current.rules ?? null,
    putProgramming: (channelId, input) => service.putProgramming(channelId, input),
  };
}
