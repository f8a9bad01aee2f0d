// Which media segment holds a position: pure arithmetic over the asset's fixed segment length.
// Packaged assets have closed GOPs of exactly one segment, so video segment n covers
// [n * segmentMs, (n + 1) * segmentMs) of the asset.
import type { Asset } from '../../schemas/lineup.js';

export const SEGMENT_DEFAULTS = {
  /** File name of a video segment of the first representation, relative to the DASH manifest. */
  template: 'chunk-stream0-$Number%05d$.m4s',
  startNumber: 1, // number of the first segment in the manifest
};

export interface SegmentRef {
  /** 0-based index of the segment in the asset. */
  index: number;
  /** Segment number as the manifest counts (index + startNumber). */
  number: number;
  /** Where the segment starts, milliseconds into the asset. */
  startMs: number;
  durationMs: number;
  url: string;
}

/** Fills `$Number%05d$` / `$Number$` in a segment template. */
export function fillTemplate(template: string, number: number): string {
  return template.replace(/\$Number(?:%0(\d)d)?\$/g, (_m, width: string | undefined) =>
    width ? String(number).padStart(Number(width), '0') : String(number),
  );
}

/** The segment holding `offsetMs` of the asset, or null when the asset has no usable segmenting. */
export function segmentAt(asset: Asset, offsetMs: number, options = SEGMENT_DEFAULTS): SegmentRef | null {
  const segmentMs = Math.round(asset.segmentSeconds * 1000);
  if (!(segmentMs > 0) || !asset.dashUrl || offsetMs < 0) return null;
  const index = Math.floor(offsetMs / segmentMs);
  const number = index + options.startNumber;
  const base = asset.dashUrl.slice(0, asset.dashUrl.lastIndexOf('/') + 1);
  const startMs = index * segmentMs;
  const durationMs = asset.durationMs > 0 ? Math.max(0, Math.min(segmentMs, asset.durationMs - startMs)) : segmentMs;
  return { index, number, startMs, durationMs, url: base + fillTemplate(options.template, number) };
}
