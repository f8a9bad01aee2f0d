// The IPTV channel list ("M3U Plus", the extended M3U that TiviMate, VLC, Kodi's IPTV Simple client and
// Jellyfin read): a pure function from channels to the playlist text.
//
//   #EXTM3U url-tvg="https://tv.example/iptv/xmltv.xml"
//   #EXTINF:-1 tvg-id="news.streamsync" tvg-chno="1" tvg-name="News" tvg-logo="https://…/news.png" group-title="Info",News
//   https://tv.example/live/news/master.m3u8
//
// Guarantees: enabled channels only, by number (then id); `tvg-id` is the channel's XMLTV id
// (xmltvChannelId, what render-xmltv.ts writes), so apps match the guide to the channel; every URL is
// absolute (apps fetch them from elsewhere); one entry is exactly two lines, whatever the names hold.
import type { Channel } from '../../contracts/lineup.js';
import { liveHlsMasterPath } from '../../contracts/live-paths.js';
import { xmltvChannelId } from '../xmltv/render-xmltv.js';

/**
 * The media type of the list. `audio/x-mpegurl` is the type of M3U playlists, and what IPTV list
 * providers send; TiviMate, Kodi and Jellyfin read the list whatever the type, but VLC picks its
 * demuxer from it: with `application/vnd.apple.mpegurl` (HLS's type, RFC 8216) its adaptive-streaming
 * module claims the file and tries to play the whole list as one HLS presentation instead of listing
 * its channels. UTF-8 is said explicitly: names are UTF-8, and a `.m3u` is Latin-1 to some readers.
 */
export const M3U_CONTENT_TYPE = 'audio/x-mpegurl; charset=utf-8';

export interface RenderM3uInput {
  channels: readonly Channel[];
  /** `protocol://host[:port]` the client reached us at; every URL of the list starts with it. */
  origin: string;
  /** Path of the XMLTV guide announced in the header (`url-tvg`). */
  guidePath: string;
}

// Line breaks of any kind (a reader may split lines at CR, LF, NEL, LS or PS) and other control characters.
const BREAKS_AND_CONTROLS = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]+/g;

/**
 * An attribute value, written between double quotes. M3U has no escape syntax: readers end the value
 * at the next `"` (Kodi, VLC), so a double quote becomes `'`; a line break would end the entry, so line
 * breaks and control characters become one space. Commas are kept: readers skip quoted values when
 * they look for the comma before the display name.
 */
export function m3uAttr(text: string): string {
  return text.replace(BREAKS_AND_CONTROLS, ' ').replaceAll('"', "'");
}

/**
 * The display name after the comma: commas are fine there, line breaks are not (one space instead).
 * A double quote becomes `'` too: Kodi looks for the name after the last `"` of the line.
 */
export function m3uTitle(text: string): string {
  return m3uAttr(text).trim();
}

/** An absolute http(s) URL for a logo (relative ones are resolved against the origin); '' when none. */
function absoluteLogo(logoUrl: string | null, origin: string): string {
  if (!logoUrl) return '';
  try {
    const url = new URL(logoUrl, origin);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : '';
  } catch {
    return '';
  }
}

function byNumberThenId(a: Channel, b: Channel): number {
  return a.number - b.number || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The channel list (see the guarantees at the top of this file). Ends with a newline. */
export function renderM3u(input: RenderM3uInput): string {
  const { origin } = input;
  const lines = [`#EXTM3U url-tvg="${m3uAttr(new URL(input.guidePath, origin).href)}"`];
  for (const channel of input.channels.filter((c) => c.enabled).sort(byNumberThenId)) {
    const attrs = [
      `tvg-id="${m3uAttr(xmltvChannelId(channel.id))}"`,
      `tvg-chno="${channel.number}"`,
      `tvg-name="${m3uTitle(channel.name)}"`,
      `tvg-logo="${m3uAttr(absoluteLogo(channel.logoUrl, origin))}"`,
      `group-title="${m3uAttr(channel.group)}"`,
    ];
    lines.push(`#EXTINF:-1 ${attrs.join(' ')},${m3uTitle(channel.name)}`);
    lines.push(new URL(liveHlsMasterPath(channel.id), origin).href);
  }
  return `${lines.join('\n')}\n`;
}
