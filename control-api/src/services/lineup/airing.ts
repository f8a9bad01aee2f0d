// Pure projections of stored documents into what viewers see (contracts/now.ts shapes).
import { START_OVER_DEFAULT, type Asset, type Channel, type Program } from '../../contracts/lineup.js';
import type { AiringProgram, ChannelSummary } from '../../contracts/now.js';
import { isoTime } from './time-math.js';

export function channelSummary(channel: Channel): ChannelSummary {
  return {
    id: channel.id,
    number: channel.number,
    name: channel.name,
    logoUrl: channel.logoUrl,
    group: channel.group,
    startOver: channel.startOver ?? START_OVER_DEFAULT,
  };
}

/**
 * A program resolved against its asset (which may be gone: URLs are then empty). Its rating is the
 * program's own, else the asset's; an unrated airing has none.
 */
export function toAiring(program: Program, asset: Asset | undefined): AiringProgram {
  const rating = program.rating ?? asset?.rating ?? null;
  return {
    id: program.id,
    channelId: program.channelId,
    assetId: program.assetId,
    title: program.title || asset?.title || program.assetId,
    startMs: program.startMs,
    endMs: program.endMs,
    inMs: program.inMs,
    outMs: program.inMs + (program.endMs - program.startMs),
    kind: 'program',
    part: 1,
    parts: 1,
    resumesAtMs: null,
    dashUrl: asset?.dashUrl ?? '',
    hlsUrl: asset?.hlsUrl ?? '',
    posterUrl: asset?.posterUrl ?? null,
    ...(rating ? { rating } : {}),
    start: isoTime(program.startMs),
    end: isoTime(program.endMs),
  };
}

/** How a program is named in messages: id, title and times. */
export function describeProgram(p: Pick<Program, 'id' | 'title' | 'startMs' | 'endMs'>): string {
  const title = p.title ? ` "${p.title.slice(0, 80)}"` : '';
  return `program ${p.id}${title} (${isoTime(p.startMs)} - ${isoTime(p.endMs)})`;
}
