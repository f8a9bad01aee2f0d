// Small pure helpers of the lineup service: channel normalization, "now" projection, ids.
import { randomBytes } from 'node:crypto';
import { START_OVER_DEFAULT, type Asset, type ChannelInput, type FilledChannel, type Program } from '../../contracts/lineup.js';
import { offsetMs } from '#core/on-air.js';
import type { AiringProgram, ChannelNow } from '../../contracts/now.js';
import { toAiring } from './airing.js';
import type { ChannelIndex } from './channel-index.js';
import { buildProgram, requireReadyAsset } from './schedule-rules.js';

/** Validates a channel's loop against the assets (exist, ready, clips inside) and fills defaults. */
export async function normalizeChannel(
  getAsset: (id: string) => Promise<Asset | null>,
  input: ChannelInput & { id: string },
  createdAt: number,
  updatedAt: number,
): Promise<FilledChannel> {
  const loop = input.loop ?? null;
  if (loop) {
    for (const item of loop.items) {
      const asset = requireReadyAsset(item.assetId, await getAsset(item.assetId));
      buildProgram({ assetId: asset.id, startMs: 0, inMs: item.inMs, durationMs: item.durationMs }, asset, { id: 'check', channelId: input.id });
    }
  }
  return {
    id: input.id,
    number: input.number,
    name: input.name,
    logoUrl: input.logoUrl ?? null,
    group: input.group ?? '',
    enabled: input.enabled ?? true,
    startOver: input.startOver ?? START_OVER_DEFAULT,
    loop,
    createdAt,
    updatedAt,
  };
}

export function nowOf(index: ChannelIndex, tMs: number): ChannelNow {
  const { current, next } = index.at(tMs);
  return {
    serverTimeMs: tMs,
    channel: index.summary,
    current,
    next,
    // Current or next when either is a program (every /now asks); only breaks and filler look further.
    program: current?.kind === 'program' ? current : next?.kind === 'program' ? next : index.programFrom(tMs),
    offsetMs: current ? offsetMs(current, tMs) : null,
  };
}

export function toAiringWith(program: Program, assets: ReadonlyMap<string, Asset>): AiringProgram {
  return toAiring(program, assets.get(program.assetId));
}

export function definedOnly<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** A random id in the Id pattern (URL-safe, 16 characters of entropy). */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('base64url')}`;
}
