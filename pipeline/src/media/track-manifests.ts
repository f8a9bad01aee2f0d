// Pure rewrites of the packaged manifests for audio languages and text tracks, and their reading back.
// ffmpeg's dash muxer writes one AdaptationSet per audio stream with `lang` (from the stream's language
// metadata) but no Label, and an HLS master whose EXT-X-MEDIA audio lines carry neither LANGUAGE nor a
// real NAME (NAME="audio_N"); it knows nothing of segmented WebVTT. After packaging:
// - the MPD gets a Label in each audio AdaptationSet and one text AdaptationSet per text track
//   (text/vtt, lang, Role, Label, a SegmentTemplate numbered like the video's segments);
// - the HLS master gets LANGUAGE and NAME on each audio rendition, an EXT-X-MEDIA TYPE=SUBTITLES per
//   text track (its URI a media playlist of the WebVTT segments), and SUBTITLES="<group>" on every variant.
// A source with one untagged audio stream and no text track leaves both files as ffmpeg wrote them.
import type { TextTrack, TextTrackKind } from '#contracts/lineup.js';
import { ASSET_FILES, fillSegmentTemplate } from '#core/content-layout.js';

export interface AudioTrackMeta {
  lang: string;
  label: string;
}

export type TextTrackMeta = Pick<TextTrack, 'id' | 'lang' | 'label' | 'kind' | 'source'>;

/** DASH Role values (urn:mpeg:dash:role:2011) and HLS CHARACTERISTICS of each text kind. */
export const TEXT_ROLE: Record<TextTrackKind, string> = { subtitles: 'subtitle', captions: 'caption', descriptions: 'description' };
export const TEXT_CHARACTERISTICS: Record<TextTrackKind, string | null> = {
  subtitles: null,
  captions: 'public.accessibility.transcribes-spoken-dialog,public.accessibility.describes-music-and-sound',
  descriptions: 'public.accessibility.describes-video',
};
/** Scheme of the descriptor saying where a text track came from (players ignore unknown schemes). */
export const TEXT_SOURCE_SCHEME = 'urn:streamsync:text-source:2026';
/** The HLS master's subtitles group. */
export const SUBTITLES_GROUP = 'subs';
/** Timescale of the text SegmentTemplate (milliseconds). */
const TEXT_TIMESCALE = 1000;

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const unescapeXml = (s: string) => s.replace(/&quot;/g, '"').replace(/&gt;/g, '>').replace(/&lt;/g, '<').replace(/&amp;/g, '&');
const quotedHls = (s: string) => s.replace(/["\r\n]/g, "'");

/** A text track's files: its HLS media playlist and the name of its segment number `n`. */
export const textFiles = (id: string) => ({
  playlist: fillSegmentTemplate(ASSET_FILES.textPlaylist, { representationId: id, number: 0 }),
  segment: (n: number) => fillSegmentTemplate(ASSET_FILES.textSegment, { representationId: id, number: n }),
});

/** The MPD with a Label (and lang) in each audio AdaptationSet, in order, and the text AdaptationSets appended. */
export function addTracksToMpd(xml: string, tracks: { audio: readonly AudioTrackMeta[]; text: readonly TextTrackMeta[]; segmentSeconds: number }): string {
  let audioAt = 0;
  let out = xml.replace(/<AdaptationSet\b([^>]*)>/g, (tag, attrs: string) => {
    if (!/\scontentType="audio"/.test(attrs)) return tag;
    const meta = tracks.audio[audioAt];
    audioAt += 1;
    if (!meta) return tag;
    const withLang = /\slang="/.test(attrs) ? attrs : `${attrs} lang="${escapeXml(meta.lang)}"`;
    return `<AdaptationSet${withLang}>\n\t\t\t<Label>${escapeXml(meta.label)}</Label>`;
  });
  if (tracks.text.length === 0) return out;
  const ids = [...out.matchAll(/<AdaptationSet\b[^>]*\sid="(\d+)"/g)].map((m) => Number(m[1]));
  let nextId = ids.length > 0 ? Math.max(...ids) + 1 : 0;
  const sets = tracks.text.map((t) => {
    const id = nextId;
    nextId += 1;
    return [
      `\t\t<AdaptationSet id="${id}" contentType="text" mimeType="text/vtt" lang="${escapeXml(t.lang)}">`,
      `\t\t\t<Role schemeIdUri="urn:mpeg:dash:role:2011" value="${TEXT_ROLE[t.kind]}"/>`,
      `\t\t\t<SupplementalProperty schemeIdUri="${TEXT_SOURCE_SCHEME}" value="${t.source}"/>`,
      `\t\t\t<Label>${escapeXml(t.label)}</Label>`,
      `\t\t\t<Representation id="${escapeXml(t.id)}" bandwidth="256">`,
      `\t\t\t\t<SegmentTemplate timescale="${TEXT_TIMESCALE}" duration="${Math.round(tracks.segmentSeconds * TEXT_TIMESCALE)}" startNumber="${ASSET_FILES.startNumber}" media="${escapeXml(ASSET_FILES.textSegment)}"/>`,
      '\t\t\t</Representation>',
      '\t\t</AdaptationSet>',
    ].join('\n');
  });
  const end = out.lastIndexOf('</Period>');
  if (end < 0) throw new Error('manifest.mpd: no Period to add text tracks to');
  const lineStart = out.lastIndexOf('\n', end) + 1;
  out = `${out.slice(0, lineStart)}${sets.join('\n')}\n${out.slice(lineStart)}`;
  return out;
}

/** One HLS attribute set or replaced in an attribute list line. */
function setAttribute(line: string, key: string, value: string): string {
  const re = new RegExp(`([:,])${key}=("[^"]*"|[^,]*)`);
  return re.test(line) ? line.replace(re, `$1${key}=${value}`) : `${line},${key}=${value}`;
}

/** The HLS master with LANGUAGE and NAME on its audio renditions (in order) and the text tracks' SUBTITLES group. */
export function rewriteHlsMaster(text: string, tracks: { audio: readonly AudioTrackMeta[]; text: readonly TextTrackMeta[] }): string {
  const lines = text.split(/\r?\n/);
  const out: string[] = [];
  let audioAt = 0;
  let subtitlesWritten = tracks.text.length === 0;
  const subtitleLines = () =>
    tracks.text.map((t) => {
      const characteristics = TEXT_CHARACTERISTICS[t.kind];
      return (
        `#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="${SUBTITLES_GROUP}",NAME="${quotedHls(t.label)}",LANGUAGE="${quotedHls(t.lang)}",` +
        `DEFAULT=NO,AUTOSELECT=YES,FORCED=NO${characteristics ? `,CHARACTERISTICS="${characteristics}"` : ''},URI="${textFiles(t.id).playlist}"`
      );
    });
  for (const line of lines) {
    if (line.startsWith('#EXT-X-MEDIA:') && /TYPE=AUDIO/.test(line)) {
      const meta = tracks.audio[audioAt];
      audioAt += 1;
      out.push(meta ? setAttribute(setAttribute(line, 'NAME', `"${quotedHls(meta.label)}"`), 'LANGUAGE', `"${quotedHls(meta.lang)}"`) : line);
      continue;
    }
    if (line.startsWith('#EXT-X-STREAM-INF:') && tracks.text.length > 0) {
      if (!subtitlesWritten) {
        out.push(...subtitleLines());
        subtitlesWritten = true;
      }
      out.push(setAttribute(line, 'SUBTITLES', `"${SUBTITLES_GROUP}"`));
      continue;
    }
    out.push(line);
  }
  return out.join('\n');
}

/** The tracks an MPD lists (as addTracksToMpd wrote them): audio sets with their Representation id, and text sets. */
export function readMpdTracks(xml: string): { audio: Array<AudioTrackMeta & { id: string }>; text: TextTrackMeta[] } {
  const audio: Array<AudioTrackMeta & { id: string }> = [];
  const text: TextTrackMeta[] = [];
  for (const set of xml.matchAll(/<AdaptationSet\b([^>]*)>([\s\S]*?)<\/AdaptationSet>/g)) {
    const attrs = set[1] ?? '';
    const body = set[2] ?? '';
    const attr = (s: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(s)?.[1] ?? null;
    const lang = unescapeXml(attr(attrs, 'lang') ?? 'und');
    const label = unescapeXml(/<Label>([^<]*)<\/Label>/.exec(body)?.[1] ?? '');
    const repId = unescapeXml(attr(/<Representation\b[^>]*>/.exec(body)?.[0] ?? '', 'id') ?? '');
    const type = attr(attrs, 'contentType');
    if (type === 'audio') audio.push({ id: repId, lang, label });
    if (type === 'text') {
      const role = /<Role\b[^>]*\svalue="([^"]*)"/.exec(body)?.[1];
      const kind = (Object.keys(TEXT_ROLE) as TextTrackKind[]).find((k) => TEXT_ROLE[k] === role) ?? 'subtitles';
      const source = new RegExp(`schemeIdUri="${TEXT_SOURCE_SCHEME}" value="sidecar"`).test(body) ? 'sidecar' : 'stream';
      text.push({ id: repId, lang, label, kind, source });
    }
  }
  return { audio, text };
}
