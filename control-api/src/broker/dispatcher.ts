// The one dispatcher: a switch over the protocol's message kinds for everything a viewer publishes.
// Anything not listed is refused (deny by default).
import type { Client } from 'aedes';
import { parseTopic } from '#core/protocol.js';
import { refuse, type BrokerContext, type Verdict } from './context.js';
import { handleChatPost } from './handlers/chat-post.js';
import { handleReact } from './handlers/react.js';
import { handleTimeRequest } from './handlers/time-request.js';

export function dispatchViewerPublish(ctx: BrokerContext, client: Client, topic: string, payload: Buffer, t1: number): Verdict {
  const parsed = parseTopic(topic);
  if (parsed === null) return refuse('SS_MQTT_TOPIC_FORBIDDEN');
  switch (parsed.kind) {
    case 'timeRequest':
      return parsed.clientId === undefined ? refuse('SS_MQTT_TOPIC_FORBIDDEN') : handleTimeRequest(ctx, client, parsed.clientId, payload, t1);
    case 'chatPost':
    case 'react':
      // A post that names its sender names this client (as a standard broker's ACL would hold it).
      if (parsed.clientId !== undefined && parsed.clientId !== client.id) return refuse('SS_MQTT_NOT_YOUR_CLIENT_ID');
      if (parsed.channelId === undefined || !ctx.channelExists(parsed.channelId)) return refuse('SS_MQTT_UNKNOWN_CHANNEL');
      return (parsed.kind === 'chatPost' ? handleChatPost : handleReact)(ctx, ctx.senders.of(client), parsed.channelId, payload);
    default:
      return refuse('SS_MQTT_TOPIC_FORBIDDEN');
  }
}
