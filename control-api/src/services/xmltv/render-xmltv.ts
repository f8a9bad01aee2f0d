// XMLTV rendering of the lineup: a pure function from channels and airing programs to a document that
// is valid against the XMLTV DTD (xmltv.dtd).
//
// Usage (e.g. from `GET /v1/epg.xml`):
//
//   import { renderXmltv, XMLTV_CONTENT_TYPE } from '../../services/xmltv/render-xmltv.js';
//
//   const xml = renderXmltv({
//     channels,                       // Channel[] (contracts/lineup.ts); pass only the ones to list (e.g. enabled)
//     programs,                       // AiringProgram[] (contracts/now.ts), optionally with `description`
//     generatedAtMs: app.clock(),     // epoch ms, UTC
//     sourceName: 'StreamSync TV',
//     baseUrl: 'https://tv.example',  // optional: makes relative logo/poster URLs absolute
//   });
//   return reply.type(XMLTV_CONTENT_TYPE).send(xml);
//
// Guarantees:
// - `<tv>` root with generator-info and a DOCTYPE line; one `<channel id>` per channel with a stable id
//   (`{channelId}.streamsync`; ids with underscores are mapped too, see xmltvChannelId), display-names
//   "name" then "number", and `<icon src>` when the channel has a logo.
// - Channels are listed by number (then id); programmes follow grouped by that channel order, each
//   channel's programmes sorted by startMs (then id). With a window, a channel with none gets one
//   "Off air" programme over it (XMLTV tools reject a channel without programmes). Programs of channels not passed in are left out,
//   as are programs with endMs <= startMs.
// - Times are `YYYYMMDDhhmmss +0000` (UTC, explicit offset; milliseconds are truncated).
// - All text and attributes are XML-escaped; characters XML 1.0 forbids (C0 controls other than tab,
//   LF and CR, lone surrogates, U+FFFE/U+FFFF) and DEL/C1 controls are removed. A title left blank
//   becomes UNTITLED; a blank description is left out.
// - A rated programme has `<rating system="{scheme}"><value>{label}</value></rating>` after its icon,
//   where the DTD places it (`rating` follows `subtitles`, precedes `star-rating`): `us-tv` TV-14,
//   `mpaa` PG-13, `age` 16+ (#core/rating's ratingLabel).
import type { Channel } from '../../contracts/lineup.js';
import { foldIntoPrograms } from '#core/guide-fold.js';
import { ratingLabel } from '#core/rating.js';
import type { AiringProgram } from '../../contracts/now.js';

/** The media type `GET /v1/epg.xml` answers with. */
export const XMLTV_CONTENT_TYPE = 'application/xml; charset=utf-8';

/** Suffix that makes channel ids globally unique in the RFC 2838-like form XMLTV suggests. */
export const XMLTV_CHANNEL_ID_SUFFIX = '.streamsync';

/** The generator name written in `<tv generator-info-name>`. */
export const XMLTV_GENERATOR_NAME = 'StreamSync TV';

/** Title written for a program whose title is blank (XMLTV tools reject empty titles). */
export const UNTITLED = 'Untitled';

/** Title of the programme that fills a channel with nothing scheduled in the window. */
export const OFF_AIR_TITLE = 'Off air';

/** An airing program, optionally with a description for `<desc>`. */
export type XmltvProgram = AiringProgram & { description?: string | null };

export interface RenderXmltvInput {
  channels: readonly Channel[];
  programs: readonly XmltvProgram[];
  /** When the listing was produced, epoch milliseconds UTC (written as `<tv date>`). */
  generatedAtMs: number;
  /** Human-readable name of the listings source (`<tv source-info-name>`). */
  sourceName: string;
  /** Absolute base URL of the service; relative logo and poster URLs are resolved against it. */
  baseUrl?: string;
  /**
   * The listing's window, epoch ms. A channel with no programme in it gets one "Off air" programme
   * over the whole window: a new channel without a schedule is normal, and XMLTV tools reject a
   * channel without programmes ("No programme entries found").
   */
  window?: { fromMs: number; toMs: number };
}

/**
 * The XMLTV channel id of a StreamSync channel id. Stable (a function of the id only), unique (no two
 * ids map to the same value) and in the dotted form XMLTV tools require (labels of [-A-Za-z0-9]):
 * - `news-1` -> `news-1.streamsync` (the usual case: ids of letters, digits and hyphens);
 * - `kids_1` -> `kids-1.u4.streamsync` (underscores become hyphens; the `u` label lists their positions);
 * - anything else -> `x{utf-8 hex}.x.streamsync`.
 */
export function xmltvChannelId(channelId: string): string {
  if (/^[-A-Za-z0-9]+$/.test(channelId)) return `${channelId}${XMLTV_CHANNEL_ID_SUFFIX}`;
  if (/^[-A-Za-z0-9_]+$/.test(channelId)) {
    const positions: number[] = [];
    for (let i = 0; i < channelId.length; i++) if (channelId[i] === '_') positions.push(i);
    return `${channelId.replaceAll('_', '-')}.u${positions.join('-')}${XMLTV_CHANNEL_ID_SUFFIX}`;
  }
  return `x${Buffer.from(channelId, 'utf8').toString('hex')}.x${XMLTV_CHANNEL_ID_SUFFIX}`;
}

/** Epoch milliseconds -> `YYYYMMDDhhmmss +0000` (UTC). */
export function formatXmltvTime(epochMs: number): string {
  const d = new Date(epochMs);
  if (Number.isNaN(d.getTime())) throw new RangeError(`not a valid time: ${epochMs}`);
  const p2 = (n: number) => String(n).padStart(2, '0');
  return (
    String(d.getUTCFullYear()).padStart(4, '0') +
    p2(d.getUTCMonth() + 1) +
    p2(d.getUTCDate()) +
    p2(d.getUTCHours()) +
    p2(d.getUTCMinutes()) +
    p2(d.getUTCSeconds()) +
    ' +0000'
  );
}

// Everything outside XML 1.0's Char production (C0 controls except \t \n \r, lone surrogates,
// U+FFFE, U+FFFF) plus the control characters XML 1.0 discourages (DEL and C1, U+007F-U+009F), which
// XMLTV tools reject as mis-encoded text. With the `u` flag a lone surrogate is one code point.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\u007E\u00A0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Removes the characters XML 1.0 does not allow (and the DEL/C1 controls it discourages). */
export function stripInvalidXmlChars(text: string): string {
  return text.replace(NOT_XML_CHAR, '');
}

/** Escapes text for element content: the result parses back to exactly `stripInvalidXmlChars(text)`. */
export function escapeXmlText(text: string): string {
  return stripInvalidXmlChars(text)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('\r', '&#13;');
}

/** Escapes text for a double-quoted attribute value (whitespace kept as character references). */
export function escapeXmlAttr(text: string): string {
  return escapeXmlText(text)
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;')
    .replaceAll('\t', '&#9;')
    .replaceAll('\n', '&#10;');
}

function isBlank(text: string): boolean {
  return stripInvalidXmlChars(text).trim().length === 0;
}

function absoluteUrl(url: string, baseUrl: string | undefined): string {
  if (baseUrl === undefined) return url;
  try {
    return new URL(url, baseUrl).href;
  } catch {
    return url;
  }
}

function byNumberThenId(a: Channel, b: Channel): number {
  return a.number - b.number || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function byStartThenId(a: XmltvProgram, b: XmltvProgram): number {
  return a.startMs - b.startMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function renderChannel(channel: Channel, baseUrl: string | undefined): string {
  const lines = [`  <channel id="${escapeXmlAttr(xmltvChannelId(channel.id))}">`];
  lines.push(`    <display-name>${escapeXmlText(channel.name)}</display-name>`);
  lines.push(`    <display-name>${channel.number}</display-name>`);
  if (channel.logoUrl) lines.push(`    <icon src="${escapeXmlAttr(absoluteUrl(channel.logoUrl, baseUrl))}"/>`);
  lines.push('  </channel>');
  return lines.join('\n');
}

function renderProgramme(program: XmltvProgram, baseUrl: string | undefined): string {
  const attrs =
    `start="${formatXmltvTime(program.startMs)}" stop="${formatXmltvTime(program.endMs)}" ` +
    `channel="${escapeXmlAttr(xmltvChannelId(program.channelId))}"`;
  const lines = [`  <programme ${attrs}>`];
  const title = isBlank(program.title) ? UNTITLED : program.title;
  lines.push(`    <title>${escapeXmlText(title)}</title>`);
  if (program.description && !isBlank(program.description)) {
    lines.push(`    <desc>${escapeXmlText(program.description)}</desc>`);
  }
  if (program.posterUrl) lines.push(`    <icon src="${escapeXmlAttr(absoluteUrl(program.posterUrl, baseUrl))}"/>`);
  if (program.rating) {
    lines.push(`    <rating system="${escapeXmlAttr(program.rating.scheme)}">`, `      <value>${escapeXmlText(ratingLabel(program.rating))}</value>`, '    </rating>');
  }
  lines.push('  </programme>');
  return lines.join('\n');
}

/** Renders the lineup as an XMLTV document (see the guarantees at the top of this file). */
export function renderXmltv(input: RenderXmltvInput): string {
  const { baseUrl } = input;
  const channels = [...input.channels].sort(byNumberThenId);
  const byChannel = new Map<string, XmltvProgram[]>(channels.map((c) => [c.id, []]));
  for (const program of input.programs) {
    if (program.endMs <= program.startMs) continue;
    byChannel.get(program.channelId)?.push(program);
  }

  const tvAttrs = [
    `date="${formatXmltvTime(input.generatedAtMs)}"`,
    `source-info-name="${escapeXmlAttr(input.sourceName)}"`,
    ...(baseUrl !== undefined ? [`source-info-url="${escapeXmlAttr(baseUrl)}"`] : []),
    `generator-info-name="${escapeXmlAttr(XMLTV_GENERATOR_NAME)}"`,
  ].join(' ');

  const parts = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE tv SYSTEM "xmltv.dtd">',
    `<tv ${tvAttrs}>`,
    ...channels.map((c) => renderChannel(c, baseUrl)),
  ];
  for (const channel of channels) {
    const programs = byChannel.get(channel.id) ?? [];
    if (programs.length === 0 && input.window && input.window.toMs > input.window.fromMs) programs.push(offAir(channel, input.window));
    programs.sort(byStartThenId);
    for (const program of foldIntoProgrammes(programs)) parts.push(renderProgramme(program, baseUrl));
  }
  parts.push('</tv>', '');
  return parts.join('\n');
}

/** One programme per program (#core/guide-fold): parts, breaks and the filler after a program fold into it. */
export function foldIntoProgrammes(airings: readonly XmltvProgram[]): XmltvProgram[] {
  return foldIntoPrograms(airings).map((p) => ({ ...p, end: new Date(p.endMs).toISOString() }));
}

function offAir(channel: Channel, window: { fromMs: number; toMs: number }): XmltvProgram {
  return {
    id: `${channel.id}-off-air-${window.fromMs}`,
    channelId: channel.id,
    assetId: '',
    title: OFF_AIR_TITLE,
    startMs: window.fromMs,
    endMs: window.toMs,
    inMs: 0,
    outMs: 0,
    kind: 'slate',
    part: 1,
    parts: 1,
    resumesAtMs: null,
    dashUrl: '',
    hlsUrl: '',
    posterUrl: null,
    start: new Date(window.fromMs).toISOString(),
    end: new Date(window.toMs).toISOString(),
  };
}
