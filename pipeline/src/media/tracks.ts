// Pure: the audio and subtitle streams of a probed source, and what the package keeps of them. Languages
// become BCP 47 tags (shortest form, so "eng" and "en" are one language); subtitle streams are text
// (converted to WebVTT) or bitmap (reported, not converted); dispositions give a text track its kind.
import type { TextTrackKind } from '#contracts/lineup.js';

export interface AudioStreamInfo {
  /** Index among the source's audio streams (ffmpeg's `0:a:N`). */
  index: number;
  codec: string;
  lang: string;
  title: string | null;
  channels: number;
  sampleRate: number;
}

export interface SubtitleStreamInfo {
  /** Index among the source's subtitle streams (ffmpeg's `0:s:N`). */
  index: number;
  codec: string;
  lang: string;
  title: string | null;
  kind: TextTrackKind;
  /** A picture-based codec (BITMAP_SUBTITLE_CODECS): reported, not converted. Other codecs are tried. */
  bitmap: boolean;
}

/** ffprobe's fields of one stream that the track plan reads. */
export interface ProbeTrackStream {
  codec_type?: string;
  codec_name?: string;
  channels?: number;
  sample_rate?: string;
  tags?: Record<string, string | undefined>;
  disposition?: Record<string, number | undefined>;
}

/** Subtitle codecs ffmpeg converts to WebVTT. */
export const TEXT_SUBTITLE_CODECS: ReadonlySet<string> = new Set(['subrip', 'srt', 'ass', 'ssa', 'mov_text', 'webvtt', 'text']);
/** Picture-based subtitle codecs: no text to convert (OCR is not done). */
export const BITMAP_SUBTITLE_CODECS: ReadonlySet<string> = new Set(['dvb_subtitle', 'hdmv_pgs_subtitle', 'dvd_subtitle', 'xsub']);

/** ISO 639-2 (bibliographic and terminology) codes of languages that have a shorter ISO 639-1 code. */
const ISO639_2_TO_1: Record<string, string> = {
  eng: 'en', fra: 'fr', fre: 'fr', deu: 'de', ger: 'de', spa: 'es', ita: 'it', por: 'pt', nld: 'nl', dut: 'nl',
  swe: 'sv', nor: 'no', nob: 'nb', nno: 'nn', dan: 'da', fin: 'fi', isl: 'is', ice: 'is', pol: 'pl', ces: 'cs',
  cze: 'cs', slk: 'sk', slo: 'sk', hun: 'hu', ron: 'ro', rum: 'ro', bul: 'bg', hrv: 'hr', srp: 'sr', slv: 'sl',
  ell: 'el', gre: 'el', tur: 'tr', rus: 'ru', ukr: 'uk', ara: 'ar', heb: 'he', fas: 'fa', per: 'fa', hin: 'hi',
  ben: 'bn', urd: 'ur', zho: 'zh', chi: 'zh', jpn: 'ja', kor: 'ko', vie: 'vi', tha: 'th', ind: 'id', msa: 'ms',
  may: 'ms', cat: 'ca', eus: 'eu', baq: 'eu', glg: 'gl', cym: 'cy', wel: 'cy', gle: 'ga', est: 'et', lav: 'lv',
  lit: 'lt', afr: 'af', swa: 'sw', tam: 'ta', tel: 'te', fil: 'fil', tgl: 'tl', lat: 'la',
};

/**
 * A source's language tag as BCP 47: ISO 639-2 codes with a two-letter form shortened ("eng" -> "en",
 * "fre" -> "fr"), subtags kept ("pt-BR", "en_US" -> "en-US"), "und" when missing or unreadable.
 */
export function languageTag(raw: string | undefined | null): string {
  const text = (raw ?? '').trim().replace(/_/g, '-');
  if (!/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/.test(text)) return 'und';
  const [primary = '', ...rest] = text.split('-');
  const lower = primary.toLowerCase();
  if (lower === 'und' || lower === 'mis' || lower === 'zxx' || lower === 'mul') return lower;
  const base = ISO639_2_TO_1[lower] ?? lower;
  const subtags = rest.map((t) => (t.length === 2 ? t.toUpperCase() : t.length === 4 ? t[0]?.toUpperCase() + t.slice(1).toLowerCase() : t.toLowerCase()));
  return [base, ...subtags].join('-');
}

/** A label for a track: its title when the source names it, else the language's English name, else "Track n". */
export function trackLabel(options: { title: string | null; lang: string; kind?: TextTrackKind; ordinal: number }): string {
  if (options.title && options.title.trim().length > 0) return options.title.trim().slice(0, 100);
  let name: string | undefined;
  if (options.lang !== 'und') {
    try {
      name = new Intl.DisplayNames(['en'], { type: 'language' }).of(options.lang);
    } catch {
      name = undefined;
    }
  }
  const base = name && name !== options.lang ? name : `Track ${options.ordinal + 1}`;
  const suffix = options.kind === 'captions' ? ' (CC)' : options.kind === 'descriptions' ? ' (AD)' : '';
  return `${base}${suffix}`.slice(0, 100);
}

/** A text track's kind from its disposition: hearing impaired -> captions, visual impaired or descriptions -> descriptions. */
export function textKind(disposition: ProbeTrackStream['disposition']): TextTrackKind {
  if (disposition?.hearing_impaired === 1 || disposition?.captions === 1) return 'captions';
  if (disposition?.visual_impaired === 1 || disposition?.descriptions === 1) return 'descriptions';
  return 'subtitles';
}

const titleOf = (s: ProbeTrackStream): string | null => {
  const t = s.tags?.title ?? s.tags?.TITLE;
  return t && t.trim().length > 0 ? t.trim() : null;
};
const langOf = (s: ProbeTrackStream): string => languageTag(s.tags?.language ?? s.tags?.LANGUAGE);

/** The source's audio streams, in order, numbered as ffmpeg's `0:a:N`. */
export function audioStreams(streams: readonly ProbeTrackStream[]): AudioStreamInfo[] {
  return streams
    .filter((s) => s.codec_type === 'audio')
    .map((s, index) => ({ index, codec: s.codec_name ?? 'unknown', lang: langOf(s), title: titleOf(s), channels: s.channels ?? 0, sampleRate: Number(s.sample_rate ?? 0) }));
}

/** The source's subtitle streams, in order, numbered as ffmpeg's `0:s:N`. */
export function subtitleStreams(streams: readonly ProbeTrackStream[]): SubtitleStreamInfo[] {
  return streams
    .filter((s) => s.codec_type === 'subtitle')
    .map((s, index) => {
      const codec = s.codec_name ?? 'unknown';
      return { index, codec, lang: langOf(s), title: titleOf(s), kind: textKind(s.disposition), bitmap: BITMAP_SUBTITLE_CODECS.has(codec) };
    });
}
