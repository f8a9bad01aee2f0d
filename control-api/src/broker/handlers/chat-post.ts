// channels/{id}/chat/post[/{clientId}] {v,text}: validated and handed to the chat service.
import { parseChatPost } from '#core/protocol.js';
import { ACCEPT, drop, type BrokerContext, type Verdict } from '../context.js';
import type { Sender } from '../senders.js';

export function handleChatPost(ctx: Pick<BrokerContext, 'maxPayloadBytes' | 'chat'>, sender: Sender, channelId: string, payload: Buffer): Verdict {
  const post = parseChatPost(payload, ctx.maxPayloadBytes);
  if (!post.ok) return drop(post.error.code);
  const outcome = ctx.chat.post(channelId, sender, post.value.text);
  return outcome.ok ? ACCEPT : drop(outcome.code);
}
