// Which media segment holds a position: pure arithmetic over the asset's fixed segment length.
// Packaged assets have closed GOPs of exactly one segment, so video segment n covers
// [n * segmentMs, (n + 1) * segmentMs) of the asset. File names come from the content layout, the
// contract the pipeline writes by (tv-app/src/core/content-layout.ts).
import { ASSET_FILES, mediaSegmentName } from '#core/content-layout.js';
import type { Asset } from '../../contracts/lineup.js';

export const SEGMENT_DEFAULTS = {
  /** The representation whose segments are handed out: the top video rung. */
  representationId: ASSET_FILES.topVideoRepresentation,
  startNumber: ASSET_FILES.startNumber, // number of the first segment in the manifest
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

/** The segment holding `offsetMs` of the asset, or null when the asset has no usable segmenting. */
export function segmentAt(asset: Asset, offsetMs: number, options = SEGMENT_DEFAULTS): SegmentRef | null {
  const segmentMs = Math.round(asset.segmentSeconds * 1000);
  if (!(segmentMs > 0) || !asset.dashUrl || offsetMs < 0) return null;
  const index = Math.floor(offsetMs / segmentMs);
  const number = index + options.startNumber;
  const base = asset.dashUrl.slice(0, asset.dashUrl.lastIndexOf('/') + 1);
  const startMs = index * segmentMs;
  const durationMs = asset.durationMs > 0 ? Math.max(0, Math.min(segmentMs, asset.durationMs - startMs)) : segmentMs;
  return { index, number, startMs, durationMs, url: base + mediaSegmentName(options.representationId, number) };
}
