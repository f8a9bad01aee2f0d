// Where every enabled channel can be played as a standard live stream: the paths of its HLS
// multivariant playlist (the live routes serve it) and of its MPEG-TS copy (routes/live-ts serves it,
// remuxed from that playlist). The M3U channel list, the HDHomeRun lineup and the remuxer build their
// URLs from here, so the paths are written once. Channel objects and /stream list them (LiveUrls).
import { Type, type Static } from '@sinclair/typebox';

/** `/live/{channelId}/master.m3u8`: the channel's HLS multivariant playlist. */
export function liveHlsMasterPath(channelId: string): string {
  return `/live/${encodeURIComponent(channelId)}/master.m3u8`;
}

/** `/live/{channelId}.ts`: the channel as one continuous MPEG-TS (a copy remux of its HLS). */
export function liveTsPath(channelId: string): string {
  return `/live/${encodeURIComponent(channelId)}.ts`;
}

/** `/live/{channelId}/manifest.mpd`: the channel's dynamic DASH MPD. */
export function liveDashPath(channelId: string): string {
  return `/live/${encodeURIComponent(channelId)}/manifest.mpd`;
}

/** Where a channel plays as a standard live stream (paths on this server). */
export const LiveUrls = Type.Object(
  {
    hls: Type.String({ description: 'HLS multivariant playlist' }),
    dash: Type.String({ description: 'dynamic DASH MPD' }),
    ts: Type.String({ description: 'MPEG-TS (a copy remux of the HLS, for HDHomeRun clients)' }),
  },
  { additionalProperties: false, description: "the channel's live streams, for any player (paths on this server)" },
);
export type LiveUrls = Static<typeof LiveUrls>;

export function liveUrls(channelId: string): LiveUrls {
  return { hls: liveHlsMasterPath(channelId), dash: liveDashPath(channelId), ts: liveTsPath(channelId) };
}
