// Pure schedule rules: how a requested program becomes a stored one, and what may not overlap.
// Throws the API's coded errors; does no I/O (the service fetches what these functions need).
import type { Asset, Program, Rating } from '../../contracts/lineup.js';
import { Errors } from '../../errors.js';
import { describeProgram } from './airing.js';
import { isoTime } from './time-math.js';

/** Largest time the API accepts, epoch milliseconds (the JavaScript Date range). */
export const MAX_EPOCH_MS = 8_640_000_000_000;

/** A program as a broadcaster asks for it. */
export interface ProgramRequest {
  assetId: string;
  startMs: number;
  title?: string;
  /** Clip start, milliseconds into the asset (default 0). */
  inMs?: number;
  /** Clip length, milliseconds (default: the rest of the asset). */
  durationMs?: number;
  /** The program's own rating, over the asset's (default: the asset's). */
  rating?: Rating;
}

/** Checks a [from, to) window: ordered, inside the Date range, no longer than maxSpanMs. */
export function validateWindow(fromMs: number, toMs: number, maxSpanMs: number): void {
  if (!Number.isSafeInteger(fromMs) || !Number.isSafeInteger(toMs)) {
    throw new Errors.InvalidRange('from and to must be epoch milliseconds or ISO 8601 times');
  }
  if (fromMs < 0 || toMs > MAX_EPOCH_MS) throw new Errors.InvalidRange('from and to must lie between 1970 and 275760');
  if (fromMs >= toMs) throw new Errors.InvalidRange('from must be before to');
  if (toMs - fromMs > maxSpanMs) {
    throw new Errors.InvalidRange(`the window may span at most ${Math.floor(maxSpanMs / 3_600_000)} hours`);
  }
}

/** Asset must exist and be ready. */
export function requireReadyAsset(assetId: string, asset: Asset | null | undefined): Asset {
  if (!asset) throw new Errors.AssetUnknown(assetId);
  if (asset.status !== 'ready') throw new Errors.AssetNotReady(assetId, asset.status);
  return asset;
}

/** Clip of an asset: [inMs, inMs + durationMs) must lie inside it. Returns the clip length. */
export function clipLength(asset: Asset, inMs: number, durationMs: number | undefined): number {
  if (inMs >= asset.durationMs) {
    throw new Errors.InvalidSchedule(`inMs ${inMs} is not inside asset ${asset.id} (${asset.durationMs} ms long)`);
  }
  const length = durationMs ?? asset.durationMs - inMs;
  if (inMs + length > asset.durationMs) {
    throw new Errors.InvalidSchedule(`the clip ends after asset ${asset.id} does (${asset.durationMs} ms long)`);
  }
  return length;
}

/** Builds the stored program: endMs = startMs + asset duration, unless a clip is given; a rating only when the request has one. */
export function buildProgram(request: ProgramRequest, asset: Asset, ids: { id: string; channelId: string }): Program {
  const inMs = request.inMs ?? 0;
  const length = clipLength(asset, inMs, request.durationMs);
  const endMs = request.startMs + length;
  if (endMs > MAX_EPOCH_MS) throw new Errors.InvalidSchedule('the program would end after the largest supported time');
  return {
    id: ids.id,
    channelId: ids.channelId,
    assetId: asset.id,
    title: request.title ?? asset.title,
    startMs: request.startMs,
    endMs,
    inMs,
    ...(request.rating ? { rating: request.rating } : {}),
  };
}

/** Throws if any program of `programs` (any order) overlaps another or leaves [fromMs, toMs). */
export function checkWindowPrograms(fromMs: number, toMs: number, programs: readonly Program[]): Program[] {
  const sorted = [...programs].sort((a, b) => a.startMs - b.startMs);
  for (const p of sorted) {
    if (p.startMs < fromMs || p.endMs > toMs) {
      throw new Errors.InvalidSchedule(
        `${describeProgram(p)} is not inside the window ${isoTime(fromMs)} - ${isoTime(toMs)}`,
      );
    }
  }
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1] as Program;
    const cur = sorted[i] as Program;
    if (cur.startMs < prev.endMs) throw new Errors.ScheduleOverlap(`${describeProgram(prev)} (both in this request)`);
  }
  return sorted;
}
