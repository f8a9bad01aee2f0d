// The part of the store port the pipeline uses (jobs and assets). The embedded and MongoDB adapters of
// LineupStore satisfy it; tests may pass a smaller double.
import type { LineupStore } from '../../control-api/src/store/lineup-store.js';

export type PipelineStore = Pick<
  LineupStore,
  'getAsset' | 'putAsset' | 'listJobs' | 'getJob' | 'findJobBySource' | 'insertJob' | 'updateJob' | 'leaseJob'
>;
