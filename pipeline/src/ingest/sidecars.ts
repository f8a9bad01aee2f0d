// Sidecar subtitles: text files beside a source in the inbox, named after it, that travel with it.
// `Film.mp4` takes `Film.srt`, `Film.vtt`, `Film.fr.srt`, `Film.pt-BR.vtt` and, marked as captions for
// the deaf and hard of hearing, `Film.en.sdh.srt` (or `.cc.`, `.hi.`). A sidecar is never a source.
import type { TextTrackKind } from '#contracts/lineup.js';
import { languageTag } from '../media/tracks.js';

/** Extensions of sidecar subtitle files, and the ffmpeg demuxer reading each. */
export const SIDECAR_FORMATS = { srt: 'srt', vtt: 'webvtt' } as const;

export interface Sidecar {
  /** File name in the inbox. */
  name: string;
  format: (typeof SIDECAR_FORMATS)[keyof typeof SIDECAR_FORMATS];
  /** BCP 47 from the name ("und" when the name gives none). */
  lang: string;
  kind: TextTrackKind;
}

/** True for a file name that is a sidecar subtitle (any .srt or .vtt), so never taken as a source. */
export function isSidecarName(name: string): boolean {
  return /\.(srt|vtt)$/i.test(name);
}

const stemOf = (name: string) => name.replace(/\.[^.]{1,8}$/, '');

/** Parses `<stem>[.<lang>][.sdh|.cc|.hi].<srt|vtt>` against a source's stem; null when not its sidecar. */
export function sidecarOf(sourceName: string, name: string): Sidecar | null {
  const stem = stemOf(sourceName);
  if (name === sourceName || !name.startsWith(`${stem}.`)) return null;
  const m = /^(?:\.([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*))?(?:\.(sdh|cc|hi))?\.(srt|vtt)$/i.exec(name.slice(stem.length));
  if (!m) return null;
  const ext = (m[3] ?? '').toLowerCase() as keyof typeof SIDECAR_FORMATS;
  return { name, format: SIDECAR_FORMATS[ext], lang: languageTag(m[1]), kind: m[2] ? 'captions' : 'subtitles' };
}

/** The sidecars of `sourceName` among the inbox's file names, sorted by name. */
export function findSidecars(sourceName: string, names: readonly string[]): Sidecar[] {
  return names
    .map((n) => sidecarOf(sourceName, n))
    .filter((s): s is Sidecar => s !== null)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** A sidecar's name for a source renamed to `newSourceName` (e.g. "Film (2).mp4" -> "Film (2).fr.srt"). */
export function renamedSidecar(sourceName: string, sidecarName: string, newSourceName: string): string {
  return `${stemOf(newSourceName)}${sidecarName.slice(stemOf(sourceName).length)}`;
}
