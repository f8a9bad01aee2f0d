// The protocol's server side that does not depend on which broker carries it: retained now-playing
// and lineup, the beacon, chat and reaction aggregation, all publishing through one Publisher. The
// built-in broker node (Aedes) and the service node of a standard broker (external/service-node.ts)
// build it the same way.
import type { LineupStore } from '../contracts/lineup-store.js';
import type { Logger } from '../contracts/logger.js';
import { ChatService } from './chat-service.js';
import type { BrokerTuning } from './defaults.js';
import { NowPublisher } from './now-publisher.js';
import type { NowSource } from './now-source.js';
import type { Publisher } from './publisher.js';
import { ReactionAggregator } from './reactions.js';
import { TimeBeaconService } from './time-beacon.js';
import type { Timers } from './timers.js';

export interface ProtocolServiceSettings {
  time: { beaconIntervalMs: number };
  chat: { maxLength: number; historySize: number; minIntervalMs: number };
  reactions: { ids: string[]; windowMs: number };
}

export interface ProtocolServicesOptions {
  settings: ProtocolServiceSettings;
  publisher: Publisher;
  /** Lineup port; null on a node that does not publish now-playing (a relay). */
  now: NowSource | null;
  store: Pick<LineupStore, 'appendChat'> | null;
  clock: () => number;
  timers: Timers;
  tuning: Pick<BrokerTuning, 'reactionsPerClientPerWindow'>;
  logger: Logger;
  /** Publish the beacon (default: when `now` is given). */
  beacon?: boolean;
  onChannelGone?: (channelId: string) => void;
}

export interface ProtocolServices {
  now: NowPublisher | null;
  chat: ChatService;
  reactions: ReactionAggregator;
  /** Whether a channel exists (a node without the lineup trusts any well-formed id). */
  channelExists(channelId: string): boolean;
  /** Starts now-playing and the beacon. */
  start(): Promise<void>;
  stop(): void;
}

export function createProtocolServices(o: ProtocolServicesOptions): ProtocolServices {
  const { publisher, clock, timers, logger } = o;
  const now = o.now
    ? new NowPublisher({
        source: o.now,
        publisher,
        clock,
        timers,
        onError: (err) => logger.warn({ code: 'SS_BROKER_NOW_FAILED', err }, 'now publishing failed'),
        ...(o.onChannelGone ? { onChannelGone: o.onChannelGone } : {}),
      })
    : null;
  const chat = new ChatService({
    publisher,
    clock,
    store: o.store,
    ...o.settings.chat,
    programAt: (channelId, t) => now?.programAt(channelId, t) ?? { programId: null, offsetMs: null },
    onError: (err) => logger.warn({ code: 'SS_BROKER_CHAT_WRITE_FAILED', err }, 'chat history write failed'),
  });
  const reactions = new ReactionAggregator({
    publisher,
    clock,
    timers,
    ids: o.settings.reactions.ids,
    windowMs: o.settings.reactions.windowMs,
    perClientPerWindow: o.tuning.reactionsPerClientPerWindow,
  });
  const beacon =
    (o.beacon ?? o.now !== null)
      ? new TimeBeaconService({ publisher, clock, timers, intervalMs: o.settings.time.beaconIntervalMs, lineupVersion: () => now?.version() ?? 0 })
      : null;
  return {
    now,
    chat,
    reactions,
    channelExists: (id) => (now ? now.hasChannel(id) : true),
    start: async () => {
      await now?.start();
      beacon?.start();
    },
    stop: () => {
      beacon?.stop();
      now?.stop();
      reactions.stop();
    },
  };
}
