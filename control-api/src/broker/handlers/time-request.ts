// time/req/{clientId} {v,t0} -> time/res/{clientId} {v,t0,t1,t2}. t1 is stamped by the caller as
// the packet arrives; t2 right before the reply is written to the requester's socket.
import type { Client } from 'aedes';
import { Topics, encode, parseTimeRequest } from '#core/protocol.js';
import { ACCEPT, drop, refuse, type BrokerContext, type Verdict } from '../context.js';

export function handleTimeRequest(ctx: BrokerContext, client: Client, topicClientId: string, payload: Buffer, t1: number): Verdict {
  if (topicClientId !== client.id) return refuse('SS_MQTT_NOT_YOUR_CLIENT_ID');
  const req = parseTimeRequest(payload, ctx.maxPayloadBytes);
  if (!req.ok) return drop(req.error.code);
  const t0 = req.value.t0;
  const sent = ctx.replyDirect(client, Topics.timeResponse(client.id), () => encode({ v: 1, t0, t1, t2: ctx.clock() }));
  return sent ? ACCEPT : drop('SS_MQTT_CLIENT_GONE');
}
