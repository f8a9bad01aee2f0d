// Where every enabled channel can be played as a standard live stream: the paths of its HLS
// multivariant playlist (the live routes serve it) and of its MPEG-TS copy (routes/live-ts serves it,
// remuxed from that playlist). The M3U channel list, the HDHomeRun lineup and the remuxer build their
// URLs from here, so the paths are written once.

/** `/live/{channelId}/master.m3u8`: the channel's HLS multivariant playlist. */
export function liveHlsMasterPath(channelId: string): string {
  return `/live/${encodeURIComponent(channelId)}/master.m3u8`;
}

/** `/live/{channelId}.ts`: the channel as one continuous MPEG-TS (a copy remux of its HLS). */
export function liveTsPath(channelId: string): string {
  return `/live/${encodeURIComponent(channelId)}.ts`;
}
