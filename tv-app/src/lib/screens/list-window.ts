// A focusable list that shows `visible` items at a time: the index moves with wrap-around or
// clamping, and the first shown item follows the index with the least scrolling. Pure.

export function clampIndex(index: number, count: number): number {
  return count <= 0 ? 0 : Math.min(count - 1, Math.max(0, index));
}

export function stepIndex(index: number, delta: number, count: number, options: { wrap: boolean } = { wrap: false }): number {
  if (count <= 0) return 0;
  const next = index + delta;
  if (options.wrap) return ((next % count) + count) % count;
  return clampIndex(next, count);
}

/** First item to show so that `index` is visible, moving as little as possible from `first`. */
export function followIndex(first: number, index: number, count: number, visible: number): number {
  let f = first;
  if (index < f) f = index;
  if (index >= f + visible) f = index - visible + 1;
  return Math.max(0, Math.min(f, Math.max(0, count - visible)));
}
