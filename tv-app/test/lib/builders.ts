// Fixture builders for the TV app's unit tests.
import type { AiringProgram, ChannelNow } from '../../src/core/wire.js';

export function program(overrides: Partial<AiringProgram> & { id: string; startMs: number; endMs: number }): AiringProgram {
  return {
    channelId: 'one',
    assetId: `asset-${overrides.id}`,
    title: `Program ${overrides.id}`,
    inMs: 0,
    outMs: (overrides.inMs ?? 0) + overrides.endMs - overrides.startMs,
    kind: 'program',
    part: 1,
    parts: 1,
    resumesAtMs: null,
    dashUrl: `/media/asset-${overrides.id}/manifest.mpd`,
    hlsUrl: `/media/asset-${overrides.id}/master.m3u8`,
    posterUrl: null,
    start: new Date(overrides.startMs).toISOString(),
    end: new Date(overrides.endMs).toISOString(),
    ...overrides,
  };
}

export function channelNow(current: AiringProgram | null, next: AiringProgram | null, serverTimeMs = current?.startMs ?? 0, program: AiringProgram | null = current ?? next): ChannelNow {
  return {
    serverTimeMs,
    channel: { id: 'one', number: 1, name: 'One', logoUrl: null, group: '' },
    current,
    next,
    program,
    offsetMs: current ? current.inMs + serverTimeMs - current.startMs : null,
  };
}
