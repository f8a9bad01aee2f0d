// The player's use of the TV's broker session: the clock exchange (time/req -> time/res), the beacon,
// the retained lineup version, the retained `channels/{id}/now` of the watched channel, and
// control/sync. Payloads are parsed with the shared protocol module; anything malformed is dropped.
import {
  Topics,
  encode,
  parseChannelNow,
  parseControlSync,
  parseLineupVersion,
  parseTimeBeacon,
  parseTimeResponse,
  type ChannelNowPayload,
  type ControlSync,
  type PresencePayload,
  type TimeBeacon,
  type TimeResponse,
} from '../../core/protocol.js';
import { ChannelFollower, type BrokerSession } from './broker-session.js';

export interface BrokerEvents {
  connection(connected: boolean): void;
  timeResponse(res: TimeResponse): void;
  beacon(beacon: TimeBeacon): void;
  lineupVersion(version: number): void;
  channelNow(now: ChannelNowPayload): void;
  controlSync(sync: ControlSync): void;
}

export interface BrokerLinkOptions {
  /** The TV's one MQTT session (shared with chat and reactions). */
  session: BrokerSession;
  events: BrokerEvents;
  /** Keep a retained presence naming the channel watched (a standard broker; the session's will clears it: the protocol's presenceWill). */
  presence?: boolean;
}

export class BrokerLink {
  private readonly follower: ChannelFollower;

  constructor(private readonly opt: BrokerLinkOptions) {
    this.follower = new ChannelFollower(opt.session, {
      // The client id of the connection being subscribed (a device's may change on a reconnect).
      fixedTopics: () => [Topics.timeResponse(opt.session.clientId), Topics.time, Topics.lineup, Topics.controlSync],
      channelTopics: (id) => [Topics.channelNow(id)],
      message: (topic, payload) => this.dispatch(topic, payload),
      connection: (up) => {
        if (up) this.publishPresence();
        opt.events.connection(up);
      },
    });
  }

  get connected(): boolean {
    return this.opt.session.connected;
  }

  /** Attaches to the session and connects it (if not yet). */
  start(): void {
    this.follower.start();
  }

  stop(): void {
    if (this.opt.presence) this.opt.session.publish(Topics.presence(this.opt.session.clientId), '', { qos: 0, retain: true }); // gone
    this.follower.stop();
  }

  /** Follows `channels/{id}/now` of the watched channel only. */
  watchChannel(channelId: string | null): void {
    if (channelId === this.follower.channelId) return;
    this.follower.follow(channelId);
    this.publishPresence();
  }

  /** The channel watched, retained (a standard broker's viewer count); offline, the next connect sends it. */
  private publishPresence(): void {
    if (!this.opt.presence) return;
    const session = this.opt.session;
    const presence: PresencePayload = { v: 1, channelId: this.follower.channelId };
    session.publish(Topics.presence(session.clientId), encode(presence), { qos: 0, retain: true });
  }

  /** Publishes a time request stamped t0; false when not connected. */
  sendTimeRequest(t0: number): boolean {
    const session = this.opt.session;
    return session.publish(Topics.timeRequest(session.clientId), encode({ v: 1, t0 } as { v: 1; t0: number }), { qos: 0, retain: false });
  }

  private dispatch(topic: string, payload: Uint8Array): void {
    const ev = this.opt.events;
    if (topic === Topics.timeResponse(this.opt.session.clientId)) {
      const r = parseTimeResponse(payload);
      if (r.ok) ev.timeResponse(r.value);
    } else if (topic === Topics.time) {
      const r = parseTimeBeacon(payload);
      if (r.ok) ev.beacon(r.value);
    } else if (topic === Topics.lineup) {
      const r = parseLineupVersion(payload);
      if (r.ok) ev.lineupVersion(r.value.version);
    } else if (topic === Topics.controlSync) {
      const r = parseControlSync(payload);
      if (r.ok) ev.controlSync(r.value);
    } else if (this.follower.channelId && topic === Topics.channelNow(this.follower.channelId)) {
      const r = parseChannelNow(payload);
      if (r.ok) ev.channelNow(r.value);
    }
  }
}
