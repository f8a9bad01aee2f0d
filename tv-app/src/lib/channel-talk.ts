// Chat and reactions over the broker: follows the tuned channel's `chat` and `reactions` topics and
// publishes the viewer's `chat/post` and `react`. Its own MQTT session beside the player's broker
// link (same URL, same reconnect behaviour), so the screens never touch the player's connection.
import { Topics, encode, parseChatMessage, parseReactions, type ChatMessagePayload, type ReactionsPayload } from '../core/protocol.js';
import { switchTopics, viewerConnectOptions, type MqttClientLike, type MqttConnect } from './broker-link.js';

export const TALK_DEFAULTS = {
  reconnectMs: 1_000, // milliseconds between reconnect attempts
  keepaliveSeconds: 30, // seconds
  connectTimeoutMs: 5_000, // milliseconds
};

export interface TalkEvents {
  chat(message: ChatMessagePayload): void;
  reactions(payload: ReactionsPayload): void;
  connection(up: boolean): void;
}

export interface ChannelTalkOptions {
  url: string;
  clientId: string;
  connect: MqttConnect;
  events: TalkEvents;
  password?: string | null;
}

/** A channel's chat and reaction topics (none for no channel). */
function talkTopics(channelId: string | null): string[] {
  return channelId ? [Topics.chat(channelId), Topics.reactions(channelId)] : [];
}

export class ChannelTalk {
  private client: MqttClientLike | null = null;
  private watched: string | null = null;

  constructor(private readonly opt: ChannelTalkOptions) {}

  get clientId(): string {
    return this.opt.clientId;
  }

  get connected(): boolean {
    return this.client?.connected ?? false;
  }

  get channelId(): string | null {
    return this.watched;
  }

  start(): void {
    if (this.client) return;
    const client = this.opt.connect(this.opt.url, viewerConnectOptions({ ...TALK_DEFAULTS, clientId: this.opt.clientId, password: this.opt.password }));
    this.client = client;
    client.on('connect', () => {
      switchTopics(client, [], talkTopics(this.watched));
      this.opt.events.connection(true);
    });
    client.on('offline', () => this.opt.events.connection(false));
    client.on('error', () => {
      // Reported through 'offline'; the client keeps reconnecting.
    });
    client.on('message', (topic, payload) => this.dispatch(topic, payload));
  }

  stop(): void {
    this.client?.end(true);
    this.client = null;
  }

  /** Follows one channel's chat and reactions (null: none). */
  watch(channelId: string | null): void {
    if (channelId === this.watched) return;
    switchTopics(this.client, talkTopics(this.watched), talkTopics(channelId));
    this.watched = channelId;
  }

  /** Posts a chat line on the watched channel; false when it cannot be sent now. */
  say(text: string): boolean {
    const client = this.client;
    const channel = this.watched;
    if (!client?.connected || !channel || text.trim() === '') return false;
    client.publish(Topics.chatPost(channel), encode({ v: 1 as const, text }), { qos: 1, retain: false });
    return true;
  }

  /** Sends one reaction on the watched channel; false when it cannot be sent now. */
  react(id: string): boolean {
    const client = this.client;
    const channel = this.watched;
    if (!client?.connected || !channel) return false;
    client.publish(Topics.react(channel), encode({ v: 1 as const, id }), { qos: 0, retain: false });
    return true;
  }

  private dispatch(topic: string, payload: Uint8Array): void {
    const channel = this.watched;
    if (!channel) return;
    if (topic === Topics.chat(channel)) {
      const r = parseChatMessage(payload);
      if (r.ok) this.opt.events.chat(r.value);
    } else if (topic === Topics.reactions(channel)) {
      const r = parseReactions(payload);
      if (r.ok && r.value.channelId === channel) this.opt.events.reactions(r.value);
    }
  }
}
