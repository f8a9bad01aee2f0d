// The orders a slot plays its collection in, as small cursors that are peeked (what would play next)
// and advanced (it played). Deterministic: shuffles and draws come from a PRNG seeded by the channel,
// the collection and a counter, so the same programming always gives the same schedule.
import type { SlotOrder } from '../../contracts/programming.js';

/** 32-bit FNV-1a of a string. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: a small, fast PRNG with a 32-bit state; returns floats in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Where an order stands. Plain data: copied at every checkpoint. */
export type CursorState =
  | { order: 'sequential'; next: number }
  | { order: 'shuffle'; round: number; next: number }
  | { order: 'random'; draws: number; last: number };

export function newCursor(order: SlotOrder): CursorState {
  switch (order) {
    case 'sequential':
      return { order, next: 0 };
    case 'shuffle':
      return { order, round: 0, next: 0 };
    case 'random':
      return { order, draws: 0, last: -1 };
  }
}

/** The items of one round of a shuffle: a seeded Fisher-Yates permutation of 0..n-1. */
export function shuffleRound(seed: string, round: number, n: number): number[] {
  const random = prng(hash32(`${seed}#${round}`));
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  return order;
}

/**
 * A collection played in an order: `peek` names the index of the item that would play next,
 * `advance` records that it played. `seed` ties shuffles and draws to the channel and collection.
 */
export class OrderedItems {
  private roundCache: { round: number; order: number[] } | null = null;

  constructor(
    private readonly seed: string,
    private readonly count: number,
    /** Weight of each item (random order); absent weights count 1. */
    private readonly weights: readonly number[] | null,
  ) {}

  peek(state: CursorState): number {
    const n = this.count;
    switch (state.order) {
      case 'sequential':
        return state.next % n;
      case 'shuffle':
        return this.round(state.round)[state.next % n] as number;
      case 'random':
        return this.draw(state);
    }
  }

  advance(state: CursorState, played: number): CursorState {
    switch (state.order) {
      case 'sequential':
        return { order: 'sequential', next: (state.next % this.count) + 1 };
      case 'shuffle':
        return state.next + 1 >= this.count ? { order: 'shuffle', round: state.round + 1, next: 0 } : { order: 'shuffle', round: state.round, next: state.next + 1 };
      case 'random':
        return { order: 'random', draws: state.draws + 1, last: played };
    }
  }

  private round(round: number): number[] {
    if (this.roundCache?.round !== round) this.roundCache = { round, order: shuffleRound(this.seed, round, this.count) };
    return this.roundCache.order;
  }

  /** A weighted draw that never repeats the item just played (unless it is the only one). */
  private draw(state: { draws: number; last: number }): number {
    const n = this.count;
    if (n === 1) return 0;
    const weightOf = (i: number) => (i === state.last ? 0 : (this.weights?.[i] ?? 1));
    let total = 0;
    for (let i = 0; i < n; i++) total += weightOf(i);
    let pick = prng(hash32(`${this.seed}@${state.draws}`))() * total;
    for (let i = 0; i < n; i++) {
      pick -= weightOf(i);
      if (pick < 0) return i;
    }
    for (let i = n - 1; i >= 0; i--) if (weightOf(i) > 0) return i;
    return 0;
  }
}
