// Chat: sanitized, rate limited per sender (its device, or its address when anonymous: a reconnect resets
// nothing), stamped with server time and the program offset, shown under the sender's opaque name (never
// a client id), republished on `channels/{id}/chat` and kept (last N) in the store for late joiners.
import { randomBytes } from 'node:crypto';
import { Topics, type ChatMessagePayload } from '#core/protocol.js';
import type { ChatStore } from '../contracts/lineup-store.js';
import { sanitizeChatText } from './chat-sanitize.js';
import type { Publisher } from './publisher.js';
import type { Sender } from './senders.js';
import { MinInterval } from './rate-limit.js';

export interface ChatServiceOptions {
  publisher: Publisher;
  clock: () => number;
  /** Absent on relay-only broker nodes that have no store. */
  store: Pick<ChatStore, 'appendChat'> | null;
  maxLength: number; // characters
  historySize: number; // messages per channel
  minIntervalMs: number; // milliseconds between two messages of one sender (its limit key)
  programAt: (channelId: string, t: number) => { programId: string | null; offsetMs: number | null };
  onError?: (err: unknown) => void;
}

export type ChatOutcome =
  | { ok: true; message: ChatMessagePayload }
  | { ok: false; code: 'SS_CHAT_EMPTY' | 'SS_CHAT_TOO_LONG' | 'SS_CHAT_RATE_LIMITED' };

export class ChatService {
  private readonly limiter: MinInterval;

  constructor(private readonly options: ChatServiceOptions) {
    this.limiter = new MinInterval(options.minIntervalMs);
  }

  post(channelId: string, sender: Sender, rawText: string): ChatOutcome {
    const clean = sanitizeChatText(rawText, { maxLength: this.options.maxLength });
    if (!clean.ok) return clean;
    const t = Math.round(this.options.clock());
    if (!this.limiter.allow(sender.limitKey, t)) return { ok: false, code: 'SS_CHAT_RATE_LIMITED' };
    const { programId, offsetMs } = this.options.programAt(channelId, t);
    const message: ChatMessagePayload = {
      v: 1,
      id: `${t.toString(36)}-${randomBytes(6).toString('hex')}`,
      channelId,
      from: sender.name,
      text: clean.text,
      serverTimeMs: t,
      offsetMs,
      programId,
    };
    this.options.publisher.publish(Topics.chat(channelId), message);
    if (this.options.store && this.options.historySize > 0) {
      const { v: _v, ...stored } = message;
      this.options.store.appendChat(stored, this.options.historySize).catch((err) => this.options.onError?.(err));
    }
    return { ok: true, message };
  }
}
