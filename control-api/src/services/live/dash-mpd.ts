// The DASH MPD of a channel's live stream: `type="dynamic"`, one Period per airing, each Period
// pointing at its asset's own segments (SegmentTemplate + SegmentTimeline) with a presentationTimeOffset
// so the asset's media time maps to the schedule to the millisecond. availabilityStartTime is the Unix
// epoch, so a Period's start is the airing's start. Every Period lists the channel's audio languages
// and text tracks (channel-tracks.ts): a text AdaptationSet's SegmentTemplate (timescale 1000, the
// video's media milliseconds, the same presentationTimeOffset) keeps its cues on the Period's timeline;
// an airing without the language lists the empty WebVTT for each of its video segments. Pure: the same input gives the same bytes.
import { TEXT_ROLE } from '#pipeline/media/track-manifests.js';
import { dashSpan, type LiveAiring } from './live-timeline.js';
import { isoMs, type ChannelRung } from './hls-playlists.js';
import { videoTrackFor, type TrackTimeline } from './asset-timeline.js';
import { audioTrackFor, EMPTY_VTT_PATH, NO_EXTRA_TRACKS, textTrackFor, type ChannelTracks } from './channel-tracks.js';

export const DASH_CONTENT_TYPE = 'application/dash+xml';
export const DASH_AVAILABILITY_START = '1970-01-01T00:00:00Z';

export interface LiveMpd {
  /** The instant the MPD describes: segments ending after it are not listed yet. */
  nowMs: number;
  airings: readonly LiveAiring[];
  rungs: readonly ChannelRung[];
  /** Audio languages and text tracks (default: the single audio of before, no text). */
  tracks?: ChannelTracks;
  windowSeconds: number;
  presentationDelaySeconds: number;
  /** Seconds: how often players reload the MPD (about a segment). */
  updatePeriodSeconds: number;
  maxSegmentSeconds: number;
  /** Absolute URL of the time route (UTCTiming, urn:mpeg:dash:utc:http-iso:2014). */
  timeUrl: string;
}

/** An xs:duration of whole milliseconds (`PT12.345S`). */
export const xsDuration = (ms: number): string => `PT${(Math.round(ms) / 1000).toFixed(3).replace(/\.?0+$/, '')}S`;

const escapeAttr = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

interface Listed {
  xml: string;
  /** Wall-clock end of the last listed segment (ms), or null when nothing is available yet. */
  lastEndMs: number | null;
}

/** A SegmentTemplate with the segments of [first, end) whose end has aired by nowMs. */
function segmentTemplate(airing: LiveAiring, track: TrackTimeline, nowMs: number, indent: string): Listed {
  const { first, end } = dashSpan(airing, track);
  const ticksPerMs = track.timescale / 1000;
  const pto = Math.round((track.startTicks[0] ?? 0) + airing.inMs * ticksPerMs);
  const wallOf = (ticks: number) => airing.startMs + (ticks - pto) / ticksPerMs;
  const runs: Array<{ t: number | null; d: number; r: number }> = [];
  let lastEndMs: number | null = null;
  for (let i = first; i < end; i += 1) {
    const t = track.startTicks[i] ?? 0;
    const next = track.startTicks[i + 1] ?? t;
    const segEndMs = Math.min(wallOf(next), airing.endMs);
    if (segEndMs > nowMs) break;
    lastEndMs = segEndMs;
    const d = next - t;
    const last = runs[runs.length - 1];
    if (last && last.d === d) last.r += 1;
    else runs.push({ t: runs.length === 0 ? t : null, d, r: 0 });
  }
  const timeline = runs.map((s) => `${indent}    <S${s.t === null ? '' : ` t="${s.t}"`} d="${s.d}"${s.r > 0 ? ` r="${s.r}"` : ''}/>`);
  const init = track.initUrl ? ` initialization="${escapeAttr(track.initUrl)}"` : '';
  const attrs = `timescale="${track.timescale}" presentationTimeOffset="${pto}" startNumber="${track.startNumber + first}"${init} media="${escapeAttr(track.mediaTemplate)}"`;
  const xml = [`${indent}<SegmentTemplate ${attrs}>`, `${indent}  <SegmentTimeline>`, ...timeline, `${indent}  </SegmentTimeline>`, `${indent}</SegmentTemplate>`].join('\n');
  return { xml, lastEndMs };
}

function period(airing: LiveAiring, mpd: LiveMpd): Listed {
  const lines = [`  <Period id="${escapeAttr(airing.id)}" start="${xsDuration(airing.startMs)}">`];
  lines.push('    <AdaptationSet id="0" contentType="video" mimeType="video/mp4" segmentAlignment="true" startWithSAP="1">');
  let lastEndMs: number | null = null;
  for (const rung of mpd.rungs) {
    const track = videoTrackFor(airing.timeline, rung);
    lines.push(`      <Representation id="${escapeAttr(rung.name)}" bandwidth="${track.bandwidth}" codecs="${escapeAttr(track.codecs)}" width="${track.width ?? rung.width}" height="${track.height ?? rung.height}" frameRate="${track.frameRate ?? rung.frameRate}">`);
    const listed = segmentTemplate(airing, track, mpd.nowMs, '        ');
    lines.push(listed.xml, '      </Representation>');
    lastEndMs = listed.lastEndMs;
  }
  lines.push('    </AdaptationSet>');
  const tracks = mpd.tracks ?? NO_EXTRA_TRACKS;
  const audios = tracks.audio.length > 0 ? tracks.audio : [{ lang: 'und', name: '', playlist: 'audio' }];
  audios.forEach((a, k) => {
    const audio = audioTrackFor(airing, tracks.audio.length > 0 ? a.lang : null);
    lines.push(`    <AdaptationSet id="${1 + k}" contentType="audio" mimeType="audio/mp4" segmentAlignment="true" startWithSAP="1" lang="${escapeAttr(a.lang)}">`);
    if (a.name) lines.push(`      <Label>${escapeAttr(a.name)}</Label>`);
    lines.push(`      <Representation id="${escapeAttr(a.playlist)}" bandwidth="${audio.bandwidth}" codecs="${escapeAttr(audio.codecs)}" audioSamplingRate="48000">`);
    lines.push('        <AudioChannelConfiguration schemeIdUri="urn:mpeg:dash:23003:3:audio_channel_configuration:2011" value="2"/>');
    lines.push(segmentTemplate(airing, audio, mpd.nowMs, '        ').xml, '      </Representation>', '    </AdaptationSet>');
  });
  tracks.text.forEach((t, j) => {
    const text = textTrackFor(airing.timeline, t.lang);
    lines.push(`    <AdaptationSet id="${1 + audios.length + j}" contentType="text" mimeType="text/vtt" lang="${escapeAttr(t.lang)}">`);
    lines.push(`      <Role schemeIdUri="urn:mpeg:dash:role:2011" value="${TEXT_ROLE[t.kind]}"/>`, `      <Label>${escapeAttr(t.name)}</Label>`);
    lines.push(`      <Representation id="${escapeAttr(t.playlist)}" bandwidth="256">`);
    const own = text ? segmentTemplate(airing, text, mpd.nowMs, '        ') : null;
    // Without the language: the video's segment timeline, every segment the empty WebVTT.
    const stand = { ...(airing.timeline.video[0] ?? airing.timeline.audio), initUrl: '', mediaTemplate: EMPTY_VTT_PATH };
    const listed = own && own.lastEndMs !== null ? own : segmentTemplate(airing, stand, mpd.nowMs, '        ');
    lines.push(listed.xml, '      </Representation>', '    </AdaptationSet>');
  });
  lines.push('  </Period>');
  return { xml: lines.join('\n'), lastEndMs };
}

/**
 * The MPD: a Period per airing in the time-shift window that has a segment on air already (an airing
 * that began less than a segment ago joins at the next reload: an empty SegmentTimeline is invalid).
 */
export function renderMpd(mpd: LiveMpd): string {
  const periods = mpd.airings.filter((a) => a.startMs <= mpd.nowMs && a.endMs > mpd.nowMs - mpd.windowSeconds * 1000);
  const rendered = periods.map((a) => period(a, mpd)).filter((p) => p.lastEndMs !== null);
  const publishMs = rendered.reduce<number | null>((m, p) => (p.lastEndMs === null ? m : Math.max(m ?? 0, p.lastEndMs)), null) ?? mpd.nowMs;
  const head = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" profiles="urn:mpeg:dash:profile:isoff-live:2011" type="dynamic"` +
      ` availabilityStartTime="${DASH_AVAILABILITY_START}" publishTime="${isoMs(publishMs)}"` +
      ` minimumUpdatePeriod="${xsDuration(mpd.updatePeriodSeconds * 1000)}" timeShiftBufferDepth="${xsDuration(mpd.windowSeconds * 1000)}"` +
      ` suggestedPresentationDelay="${xsDuration(mpd.presentationDelaySeconds * 1000)}" maxSegmentDuration="${xsDuration(mpd.maxSegmentSeconds * 1000)}"` +
      ` minBufferTime="${xsDuration(mpd.maxSegmentSeconds * 1000)}">`,
  ];
  const tail = [`  <UTCTiming schemeIdUri="urn:mpeg:dash:utc:http-iso:2014" value="${escapeAttr(mpd.timeUrl)}"/>`, '</MPD>'];
  return `${[...head, ...rendered.map((p) => p.xml), ...tail].join('\n')}\n`;
}
