// channels/{id}/react[/{clientId}] {v,id}: counted into the channel's current aggregation window.
import { parseReactPost } from '#core/protocol.js';
import { ACCEPT, drop, type BrokerContext, type Verdict } from '../context.js';
import type { Sender } from '../senders.js';

export function handleReact(ctx: Pick<BrokerContext, 'maxPayloadBytes' | 'reactions'>, sender: Sender, channelId: string, payload: Buffer): Verdict {
  const react = parseReactPost(payload, ctx.maxPayloadBytes);
  if (!react.ok) return drop(react.error.code);
  if (!ctx.reactions.isKnown(react.value.id)) return drop('SS_REACTION_UNKNOWN');
  return ctx.reactions.add(channelId, sender.limitKey, react.value.id) ? ACCEPT : drop('SS_REACTION_RATE_LIMITED');
}
