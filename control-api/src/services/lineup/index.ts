// The lineup service: what is on, when, on every channel.
export { LineupService, LINEUP_DEFAULTS, newId } from './lineup-service.js';
export type {
  EpgChannel,
  LineupChange,
  LineupChangeReason,
  LineupConfig,
  LineupListener,
  LineupServiceOptions,
} from './lineup-service.js';
export type { ProgramRequest } from './schedule-rules.js';
export { parseTimeInput } from './time-math.js';
