// The content layout, the one contract between what the pipeline writes and what the API and players
// read: where a packaged asset lives under the media origin, and the names of its files. Pure and
// browser-safe (imported by the pipeline, the control API and the TV app).

/** The media origin's URL prefix: an asset's files are at `/media/{assetId}/{file}`. */
export const MEDIA_PREFIX = '/media/';

/** File names inside a packaged asset folder (ffmpeg's dash muxer writes the media playlists as media_N.m3u8). */
export const ASSET_FILES = {
  manifest: 'manifest.mpd',
  hlsMaster: 'master.m3u8',
  poster: 'poster.jpg',
  initSegment: 'init-$RepresentationID$.m4s',
  mediaSegment: 'seg-$RepresentationID$-$Number%05d$.m4s',
  /** Number of the first media segment (the MPD's startNumber). */
  startNumber: 1,
  /** Representation id of the top video rung (ffmpeg numbers the ladder's outputs from 0, top first). */
  topVideoRepresentation: '0',
  /** Representation id prefix of text tracks: "text-0", "text-1", ... in the manifests' order. */
  textRepresentationPrefix: 'text-',
  /** A text track's WebVTT segments (numbered from startNumber, in step with the video's segments). */
  textSegment: '$RepresentationID$-$Number%05d$.vtt',
  /** A text track's HLS media playlist (listing its WebVTT segments). */
  textPlaylist: '$RepresentationID$.m3u8',
} as const;

/** The URL of one file of an asset under the media origin. */
export function assetFileUrl(assetId: string, file: string): string {
  return `${MEDIA_PREFIX}${assetId}/${file}`;
}

/** Fills `$RepresentationID$`, `$Number$` and `$Number%0Nd$` in a DASH segment template. */
export function fillSegmentTemplate(template: string, values: { representationId: string; number: number }): string {
  return template
    .replace(/\$RepresentationID\$/g, values.representationId)
    .replace(/\$Number(?:%0(\d)d)?\$/g, (_m, width: string | undefined) => (width ? String(values.number).padStart(Number(width), '0') : String(values.number)));
}

/** The file name of media segment `number` of a representation. */
export function mediaSegmentName(representationId: string, number: number): string {
  return fillSegmentTemplate(ASSET_FILES.mediaSegment, { representationId, number });
}
