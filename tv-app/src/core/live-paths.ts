// Where every enabled channel plays as a standard live stream: the paths of its HLS multivariant
// playlist, its dynamic DASH MPD and its MPEG-TS copy, written once for the server (the live routes,
// the M3U list, the HDHomeRun lineup, the remuxer: control-api/src/contracts/live-paths.ts) and the
// TV app (its `source: "live"` mode). Pure and browser-safe.

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
