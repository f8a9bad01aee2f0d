// Where every enabled channel can be played as a standard live stream: the paths of its HLS
// multivariant playlist (the live routes serve it) and of its MPEG-TS copy (routes/live-ts serves it,
// remuxed from that playlist). The M3U channel list, the HDHomeRun lineup and the remuxer build their
// URLs from here; the paths themselves are the TV app's core (tv-app/src/core/live-paths.ts), shared
// with its live mode, so they are written once. Channel objects and /stream list them (LiveUrls).
import { Type, type Static } from '@sinclair/typebox';
import { liveDashPath, liveHlsMasterPath, liveTsPath } from '#core/live-paths.js';

export { liveDashPath, liveHlsMasterPath, liveTsPath };

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
