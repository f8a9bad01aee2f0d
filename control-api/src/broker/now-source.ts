// What the broker needs from the lineup: a narrow port, so the broker is tested with a fake and
// wired to the lineup service in production (see lineup-now-source.ts).
import type { ChannelNow } from '../contracts/now.js';

type MaybePromise<T> = T | Promise<T>;

export interface NowSource {
  /** What is on every enabled channel at server time t (epoch ms). */
  nowAll(t: number): MaybePromise<ChannelNow[]>;
  /** What is on one channel at server time t; null when the channel does not exist. */
  now(channelId: string, t: number): MaybePromise<ChannelNow | null>;
  /** The next program boundary (start or end) after t on that channel, or null if none. */
  nextBoundaryAfter(channelId: string, t: number): MaybePromise<number | null>;
  /** The lineup version (bumped by every lineup mutation). */
  version(): MaybePromise<number>;
  /** Calls the listener whenever the lineup changes; returns the unsubscribe function. */
  onChange(listener: () => void): () => void;
}
