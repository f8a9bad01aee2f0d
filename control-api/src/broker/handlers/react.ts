// channels/{id}/react {v,id}: counted into the channel's current aggregation window.
import type { Client } from 'aedes';
import { parseReactPost } from '#core/protocol.js';
import { ACCEPT, drop, type BrokerContext, type Verdict } from '../context.js';

export function handleReact(ctx: BrokerContext, client: Client, channelId: string, payload: Buffer): Verdict {
  const react = parseReactPost(payload, ctx.maxPayloadBytes);
  if (!react.ok) return drop(react.error.code);
  if (!ctx.reactions.isKnown(react.value.id)) return drop('SS_REACTION_UNKNOWN');
  return ctx.reactions.add(channelId, ctx.senders.of(client).limitKey, react.value.id) ? ACCEPT : drop('SS_REACTION_RATE_LIMITED');
}
