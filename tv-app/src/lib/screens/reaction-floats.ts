// Reactions: the fixed set of ids (from the settings; the server accepts only those), and the
// bubbles that float up over the picture when an aggregated window arrives. Pure state over time:
// the widget asks for the bubbles at each frame time and draws them.
import type { ReactionsPayload } from '../../core/protocol.js';

export const REACTION_DEFAULTS = {
  /** The server's default set (settings.json services.reactions.ids), used when the app is not told. */
  ids: ['like', 'laugh', 'wow', 'clap', 'sad'],
  lifeMs: 2_600, // milliseconds a bubble lives
  risePx: 420, // stage pixels a bubble rises over its life
  maxBubbles: 12, // bubbles on screen at once (the oldest go first)
  laneGapPx: 120, // stage pixels between bubbles of one burst
};

const LABELS: Record<string, string> = { like: 'Like', laugh: 'Ha ha', wow: 'Wow', clap: 'Clap', sad: 'Sad' };
const COLORS: Record<string, number> = { like: 0xff2f7fd8, laugh: 0xffe0a21a, wow: 0xff9b4fd6, clap: 0xff2e9e5b, sad: 0xff5b6b82 };

export function reactionLabel(id: string): string {
  return LABELS[id] ?? id.charAt(0).toUpperCase() + id.slice(1);
}

export function reactionColor(id: string): number {
  return COLORS[id] ?? 0xff4a5a70;
}

/** The reaction ids to offer: a valid list from the settings, else the server's default set. */
export function reactionIds(raw: unknown): string[] {
  if (!Array.isArray(raw)) return [...REACTION_DEFAULTS.ids];
  const ids = raw.filter((x): x is string => typeof x === 'string' && /^[a-z0-9_-]{1,16}$/.test(x));
  return ids.length > 0 ? [...new Set(ids)] : [...REACTION_DEFAULTS.ids];
}

export interface Bubble {
  key: string;
  id: string;
  count: number;
  /** Offset from the bubble lane's origin, stage pixels (negative = up). */
  x: number;
  y: number;
  alpha: number;
}

interface Live {
  key: string;
  id: string;
  count: number;
  lane: number;
  bornMs: number;
}

export class ReactionFloats {
  private live: Live[] = [];
  private seq = 0;
  private last: { windowStartMs: number; counts: Record<string, number> } | null = null;

  constructor(private readonly options: typeof REACTION_DEFAULTS = REACTION_DEFAULTS) {}

  /** One aggregated window: a bubble per reaction id with its count (ids not in `known` are ignored). */
  add(payload: ReactionsPayload, nowMs: number, known: readonly string[]): void {
    const entries = Object.entries(payload.counts).filter(([id, n]) => n > 0 && known.includes(id));
    if (entries.length === 0) return;
    this.last = { windowStartMs: payload.windowStartMs, counts: Object.fromEntries(entries) };
    entries.forEach(([id, count], lane) => this.live.push({ key: `b${++this.seq}`, id, count, lane, bornMs: nowMs }));
    while (this.live.length > this.options.maxBubbles) this.live.shift();
  }

  /** The last window received (for QA). */
  get lastBurst(): { windowStartMs: number; counts: Record<string, number> } | null {
    return this.last;
  }

  /** Bubbles at `nowMs`: rising and fading; expired ones are dropped. */
  frame(nowMs: number): Bubble[] {
    const { lifeMs, risePx, laneGapPx } = this.options;
    this.live = this.live.filter((b) => nowMs - b.bornMs < lifeMs);
    return this.live.map((b) => {
      const t = Math.max(0, (nowMs - b.bornMs) / lifeMs);
      return { key: b.key, id: b.id, count: b.count, x: -b.lane * laneGapPx, y: -risePx * t, alpha: t < 0.7 ? 1 : Math.max(0, 1 - (t - 0.7) / 0.3) };
    });
  }

  clear(): void {
    this.live = [];
  }
}
