// Chat and reactions over the broker: follows the tuned channel's `chat` and `reactions` topics and
// publishes the viewer's `chat/post/{clientId}` and `react/{clientId}` (its sender named, for any broker's ACL), on the TV's one broker session (the player's link
// uses the same connection).
import { Topics, encode, parseChatMessage, parseReactions, type ChatMessagePayload, type ReactionsPayload } from '../../core/protocol.js';
import { ChannelFollower, type BrokerSession } from './broker-session.js';

export interface TalkEvents {
  chat(message: ChatMessagePayload): void;
  reactions(payload: ReactionsPayload): void;
  connection(up: boolean): void;
}

export interface ChannelTalkOptions {
  /** The TV's one MQTT session. */
  session: BrokerSession;
  events: TalkEvents;
}

export class ChannelTalk {
  private readonly follower: ChannelFollower;

  constructor(private readonly opt: ChannelTalkOptions) {
    this.follower = new ChannelFollower(opt.session, {
      channelTopics: (id) => [Topics.chat(id), Topics.reactions(id)],
      message: (topic, payload) => this.dispatch(topic, payload),
      connection: (up) => opt.events.connection(up),
    });
  }

  get clientId(): string {
    return this.opt.session.clientId;
  }

  /** This TV's name in chat, when the server told it (device registration); null otherwise. */
  get ownName(): string | null {
    return this.opt.session.chatName;
  }

  get connected(): boolean {
    return this.opt.session.connected;
  }

  get channelId(): string | null {
    return this.follower.channelId;
  }

  /** Attaches to the session and connects it (if not yet). */
  start(): void {
    this.follower.start();
  }

  stop(): void {
    this.follower.stop();
  }

  /** Follows one channel's chat and reactions (null: none). */
  watch(channelId: string | null): void {
    this.follower.follow(channelId);
  }

  /** Posts a chat line on the watched channel; false when it cannot be sent now. */
  say(text: string): boolean {
    const channel = this.follower.channelId;
    if (!channel || text.trim() === '') return false;
    return this.opt.session.publish(Topics.chatPost(channel, this.opt.session.clientId), encode({ v: 1 as const, text }), { qos: 1, retain: false });
  }

  /** Sends one reaction on the watched channel; false when it cannot be sent now. */
  react(id: string): boolean {
    const channel = this.follower.channelId;
    if (!channel) return false;
    return this.opt.session.publish(Topics.react(channel, this.opt.session.clientId), encode({ v: 1 as const, id }), { qos: 0, retain: false });
  }

  private dispatch(topic: string, payload: Uint8Array): void {
    const channel = this.follower.channelId;
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
