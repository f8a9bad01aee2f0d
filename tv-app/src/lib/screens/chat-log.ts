// The chat as a TV shows it: the channel's messages (history for late joiners, then live ones),
// each once, oldest first, the last few lines in large type. Pure; the widget draws what it returns.
import type { ChatMessagePayload } from '../../core/protocol.js';
import { clockTime } from '../util/format.js';

export const CHAT_DEFAULTS = {
  keep: 50, // messages kept per channel
  lines: 7, // lines on screen
  maxChars: 90, // characters of one line on screen (longer text ends with an ellipsis)
  /** Preset quick messages a viewer sends with the remote. */
  presets: ['Hello everyone!', 'Great show', 'Wow!', 'Ha ha', 'Who is watching?'],
};

export type ChatMessage = Omit<ChatMessagePayload, 'v'>;

export interface ChatLine {
  id: string;
  text: string;
  mine: boolean;
}

/** The sender as a line shows it: the server's name for it ("Viewer 3FA2"), cleaned, at most 24 characters. */
export function senderName(from: string): string {
  const name = from.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim().slice(0, 24);
  return name || 'Viewer ?';
}

/** One line on screen: "21:05 Viewer 3F2A: text", cut to maxChars. Control characters are removed. */
export function formatLine(m: ChatMessage, maxChars: number = CHAT_DEFAULTS.maxChars): string {
  const text = m.text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  const line = `${clockTime(m.serverTimeMs)} ${senderName(m.from)}: ${text}`;
  return line.length > maxChars ? `${line.slice(0, maxChars - 1)}…` : line;
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Parses GET /v1/channels/:id/chat; messages that are not well formed are left out. */
export function parseHistory(body: unknown): ChatMessage[] {
  if (!isRecord(body) || !Array.isArray(body.messages)) return [];
  const out: ChatMessage[] = [];
  for (const m of body.messages) {
    if (!isRecord(m)) continue;
    const { id, channelId, from, text, serverTimeMs, offsetMs, programId } = m;
    if (typeof id !== 'string' || typeof channelId !== 'string' || typeof from !== 'string' || typeof text !== 'string' || typeof serverTimeMs !== 'number') continue;
    out.push({ id, channelId, from, text, serverTimeMs, offsetMs: typeof offsetMs === 'number' ? offsetMs : null, programId: typeof programId === 'string' ? programId : null });
  }
  return out;
}

export class ChatLog {
  private messages: ChatMessage[] = [];
  private readonly ids = new Set<string>();
  private channel: string | null = null;

  /** `ownName`: this TV's name in chat (its device's, from registration), null when the server did not say. */
  constructor(private readonly options: { keep: number; ownName: () => string | null } = { keep: CHAT_DEFAULTS.keep, ownName: () => null }) {}

  get channelId(): string | null {
    return this.channel;
  }

  /** Switches to a channel: its log starts empty. */
  reset(channelId: string | null): void {
    this.channel = channelId;
    this.messages = [];
    this.ids.clear();
  }

  /** Adds messages (history or live); foreign channels and repeats are ignored. True when something changed. */
  add(list: readonly ChatMessage[]): boolean {
    let changed = false;
    for (const m of list) {
      if (m.channelId !== this.channel || this.ids.has(m.id)) continue;
      this.ids.add(m.id);
      this.messages.push(m);
      changed = true;
    }
    if (!changed) return false;
    this.messages.sort((a, b) => a.serverTimeMs - b.serverTimeMs);
    while (this.messages.length > this.options.keep) {
      const dropped = this.messages.shift();
      if (dropped) this.ids.delete(dropped.id);
    }
    return true;
  }

  /** Newest serverTimeMs held (for `since=`), or 0. */
  get latestMs(): number {
    return this.messages[this.messages.length - 1]?.serverTimeMs ?? 0;
  }

  get size(): number {
    return this.messages.length;
  }

  /** The last `count` lines, oldest first. */
  lines(count: number = CHAT_DEFAULTS.lines, maxChars: number = CHAT_DEFAULTS.maxChars): ChatLine[] {
    const own = this.options.ownName();
    return this.messages.slice(-count).map((m) => ({ id: m.id, text: formatLine(m, maxChars), mine: own !== null && m.from === own }));
  }
}
