// What the policy, the dispatcher and its handlers share, built once per broker node.
import type { Client } from 'aedes';
import type { Logger } from '../contracts/logger.js';
import type { ChatService } from './chat-service.js';
import type { ReactionAggregator } from './reactions.js';
import type { Senders } from './senders.js';

export interface BrokerContext {
  /** Sub-millisecond server clock, epoch ms. */
  clock: () => number;
  maxPayloadBytes: number;
  chat: ChatService;
  reactions: ReactionAggregator;
  channelExists: (channelId: string) => boolean;
  /** Who each viewer is in chat and reactions (fixed by the policy at connect). */
  senders: Senders;
  /** Writes a reply straight to one client's socket, stamping just before the write. */
  replyDirect: (client: Client, topic: string, payload: () => string) => boolean;
  /** The broker's logger (`{ component: 'broker' }` in npm start). */
  logger: Logger;
}

/**
 * What a handler decides about one viewer publish:
 * - accept: handled (Aedes goes on; nothing subscribes to client->server topics);
 * - drop: ignored quietly (bad payload, rate limit), the client stays;
 * - refuse: a rule was broken, the client is disconnected.
 */
export type Verdict = { kind: 'accept' } | { kind: 'drop'; code: string } | { kind: 'refuse'; code: string };

export const ACCEPT: Verdict = { kind: 'accept' };
export const drop = (code: string): Verdict => ({ kind: 'drop', code });
export const refuse = (code: string): Verdict => ({ kind: 'refuse', code });
