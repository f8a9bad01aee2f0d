// channels/{id}/chat/post {v,text}: validated and handed to the chat service.
import type { Client } from 'aedes';
import { parseChatPost } from '#core/protocol.js';
import { ACCEPT, drop, type BrokerContext, type Verdict } from '../context.js';

export function handleChatPost(ctx: BrokerContext, client: Client, channelId: string, payload: Buffer): Verdict {
  const post = parseChatPost(payload, ctx.maxPayloadBytes);
  if (!post.ok) return drop(post.error.code);
  const outcome = ctx.chat.post(channelId, ctx.senders.of(client), post.value.text);
  return outcome.ok ? ACCEPT : drop(outcome.code);
}
