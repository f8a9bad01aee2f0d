// Every channel as a standard live stream, built from the schedule function and the assets' immutable
// segments only: no transcoding, no process per channel, no state per viewer. Answers the HLS master,
// the HLS media playlists and the DASH MPD of a channel at an instant; the same instant gives the same
// bytes in every server process.
import type { Asset, Channel } from '../../contracts/lineup.js';
import type { AiringProgram } from '../../contracts/now.js';
import type { LiveSettings } from '../../contracts/settings-schema.js';
import { Errors } from '../../errors.js';
import { segmentUrl, videoTrackFor, type AssetTimelines, type TrackTimeline } from './asset-timeline.js';
import { shiftedSegmentPath, shiftedTextPath } from './shifted-segment.js';
import { audioTrackFor, channelTracks, textEntry, type ChannelTracks } from './channel-tracks.js';
import { fillGaps, hlsEntries, hlsSpan, slateGridAtOrBefore, type LiveAiring, type LiveEntry, type Slate } from './live-timeline.js';
import { HLS_NAMES, renderMaster, renderMediaPlaylist, targetDurationSec, type ChannelRung } from './hls-playlists.js';
import { renderMpd } from './dash-mpd.js';
import { SequenceCounter } from './sequence-counter.js';

/** What the live output reads of the lineup (services/lineup's LineupService). */
export interface LiveLineup {
  version(): number;
  channel(id: string): Promise<Channel | null>;
  asset(id: string): Promise<Asset | null>;
  assets(): Promise<Asset[]>;
  window(channelId: string, fromMs: number, toMs: number): Promise<AiringProgram[] | null>;
}

export interface LiveServiceOptions {
  lineup: LiveLineup;
  /** Asset timelines (null: the asset cannot be stitched); an AssetTimelines in the app. */
  timelines: Pick<AssetTimelines, 'get'>;
  live: LiveSettings;
  /** The pipeline's segment length, seconds. */
  segmentSeconds: number;
}

export const LIVE_DEFAULTS = {
  epochAlignMs: 3_600_000, // milliseconds: a channel's live epoch is its creation time rounded down to this
};

export class LiveService {
  private readonly counter: SequenceCounter;
  private rungsMemo: { version: number; rungs: ChannelRung[]; audioCodecs: string; tracks: ChannelTracks } | null = null;

  constructor(private readonly o: LiveServiceOptions) {
    this.counter = new SequenceCounter({ airings: (id, from, to, slate) => this.airings(id, from, to, slate) });
  }

  /** The channel, when it is enabled; otherwise a coded 404. */
  async channel(channelId: string): Promise<Channel> {
    const channel = await this.o.lineup.channel(channelId);
    if (!channel) throw new Errors.ChannelNotFound(channelId);
    if (!channel.enabled) throw new Errors.ChannelDisabled(channelId);
    return channel;
  }

  /** The HLS multivariant playlist. */
  async master(channelId: string): Promise<string> {
    await this.channel(channelId);
    const { rungs, audioCodecs, tracks } = await this.rungs();
    return renderMaster(rungs, { codecs: audioCodecs, channels: 2 }, tracks);
  }

  /**
   * The media playlist `name` at nowMs: a rung's name, `audio` (the default language), `audio-{lang}`, or
   * `text-{lang}` (WebVTT entries in step with the video: the video's boundaries, dates and numbers).
   */
  async mediaPlaylist(channelId: string, name: string, nowMs: number): Promise<string> {
    const channel = await this.channel(channelId);
    const { rungs, tracks } = await this.rungs();
    const rung = rungs.find((r) => r.name === name);
    const audio = name === HLS_NAMES.audio ? { lang: tracks.audio[0]?.lang ?? null } : tracks.audio.find((a) => a.playlist === name);
    const text = tracks.text.find((t) => t.playlist === name);
    if (!rung && !audio && !text) throw new Errors.PlaylistNotFound(name, channelId);
    const pick = (a: LiveAiring): TrackTimeline =>
      rung ? videoTrackFor(a.timeline, rung) : audio ? audioTrackFor(a, audio.lang) : (a.timeline.video[0] ?? a.timeline.audio);
    const windowMs = this.o.live.windowSeconds * 1000;
    const slate = await this.slate();
    const fromMs = slateGridAtOrBefore(slate, nowMs - windowMs - 2 * this.o.segmentSeconds * 1000);
    // Numbers count from the airing on air at the channel's live epoch: what ended before it is not
    // listed (in the first window after the epoch), or its entries would take numbers of their own.
    const countFromMs = this.countStartMs(channel, slate);
    const airings = (await this.airings(channelId, fromMs, nowMs, slate)).filter((a) => a.endMs > countFromMs);
    const entries: LiveEntry[] = [];
    for (const airing of airings) {
      for (const e of hlsEntries(airing, pick(airing))) {
        const endMs = e.pdtMs + e.durationMs;
        if (endMs <= nowMs && endMs > nowMs - windowMs) entries.push(e);
      }
    }
    const sequences = await this.sequences(channel, entries[0], nowMs, audio ? 'audio' : 'video', slate);
    const channelTimestamps = this.o.live.hlsTimestamps === 'channel';
    return renderMediaPlaylist({
      targetDurationSec: targetDurationSec(entries, this.o.segmentSeconds),
      mediaSequence: sequences.media,
      discontinuitySequence: sequences.discontinuity,
      entries: text ? entries.map((e) => textEntry(e, text.lang)) : entries,
      uri: text && channelTimestamps ? shiftedTextPath : channelTimestamps ? shiftedSegmentPath : (e) => segmentUrl(e.track, e.index),
    });
  }

  /** The DASH MPD at nowMs; `timeUrl` is the absolute URL of the time route. */
  async mpd(channelId: string, nowMs: number, timeUrl: string): Promise<string> {
    await this.channel(channelId);
    const { rungs, tracks } = await this.rungs();
    const windowMs = this.o.live.windowSeconds * 1000;
    const slate = await this.slate();
    const airings = await this.airings(channelId, slateGridAtOrBefore(slate, nowMs - windowMs), nowMs + 1, slate);
    return renderMpd({
      nowMs,
      airings,
      rungs,
      tracks,
      windowSeconds: this.o.live.windowSeconds,
      presentationDelaySeconds: this.o.live.presentationDelaySeconds,
      updatePeriodSeconds: this.o.segmentSeconds,
      maxSegmentSeconds: this.o.segmentSeconds,
      timeUrl,
    });
  }

  /** The live timeline's airings over [fromMs, toMs): the schedule's, resolved to timelines, gaps filled by `slate`. */
  async airings(channelId: string, fromMs: number, toMs: number, slate: Slate | null): Promise<LiveAiring[]> {
    const programs = (await this.o.lineup.window(channelId, fromMs, toMs)) ?? [];
    const out: LiveAiring[] = [];
    for (const p of programs) {
      const asset = await this.o.lineup.asset(p.assetId);
      const timeline = asset ? await this.o.timelines.get(asset) : null;
      if (!timeline) continue; // media that cannot be stitched is off air (the slate stands in)
      out.push({ id: `${p.id}-${p.startMs}`, startMs: p.startMs, endMs: p.endMs, inMs: p.inMs, outMs: p.outMs, timeline });
    }
    return fillGaps(out, fromMs, toMs, slate);
  }

  /** The slate of settings, when it is a packaged asset. */
  async slate(): Promise<Slate | null> {
    const id = this.o.live.slateAssetId;
    const asset = id ? await this.o.lineup.asset(id) : null;
    const timeline = asset ? await this.o.timelines.get(asset) : null;
    return asset && timeline && asset.durationMs > 0 ? { timeline, durationMs: asset.durationMs } : null;
  }

  /** The channel's live epoch (its creation, rounded down), where the sequence counts start. */
  private epochMs(channel: Channel): number {
    return channel.createdAt - (channel.createdAt % LIVE_DEFAULTS.epochAlignMs);
  }

  /** Where the counts start: the epoch, on the slate's grid (the counter's start). */
  private countStartMs(channel: Channel, slate: Slate | null): number {
    return slateGridAtOrBefore(slate, this.epochMs(channel));
  }

  /** Media and discontinuity sequence of the first listed entry. */
  private async sequences(channel: Channel, first: LiveEntry | undefined, nowMs: number, kind: 'video' | 'audio', slate: Slate | null): Promise<{ media: number; discontinuity: number }> {
    const epochMs = this.epochMs(channel);
    const key = String(this.o.lineup.version());
    if (!first) {
      // Nothing listed: the counts up to the slate grid (counting may only pause where fills agree).
      const c = await this.counter.before(channel.id, epochMs, slateGridAtOrBefore(slate, nowMs), key, slate);
      return { media: c[kind], discontinuity: c.airings };
    }
    const c = await this.counter.before(channel.id, epochMs, first.airing.startMs, key, slate);
    const opened = hlsSpan(first.airing, first.track).first;
    return { media: c[kind] + (first.index - opened), discontinuity: c.airings + (first.opensAiring ? 0 : 1) };
  }

  /**
   * The rungs the channel's master lists: every rung (by name) some ready asset of the library has,
   * tallest first, each with the highest bandwidth and frame rate any asset gives it. Every channel
   * shares the library's ladder, so a master never changes as programs change (an airing without a
   * rung plays the nearest lower one).
   */
  private async rungs(): Promise<{ rungs: ChannelRung[]; audioCodecs: string; tracks: ChannelTracks }> {
    const version = this.o.lineup.version();
    if (this.rungsMemo?.version === version) return this.rungsMemo;
    const byName = new Map<string, ChannelRung>();
    let audioCodecs = 'mp4a.40.2';
    const assets = await this.o.lineup.assets();
    for (const asset of assets) {
      if (asset.status !== 'ready') continue;
      for (const r of asset.renditions) {
        const [videoCodecs = '', audio] = r.codecs.split(',');
        if (audio) audioCodecs = audio;
        const best = byName.get(r.name);
        if (!best || r.bandwidth > best.bandwidth) byName.set(r.name, { name: r.name, width: r.width, height: r.height, bandwidth: r.bandwidth, videoCodecs, frameRate: Math.max(r.frameRate, best?.frameRate ?? 0) });
        else best.frameRate = Math.max(best.frameRate, r.frameRate);
      }
    }
    const rungs = [...byName.values()].sort((x, y) => y.height - x.height || y.bandwidth - x.bandwidth);
    this.rungsMemo = { version, rungs, audioCodecs, tracks: channelTracks(assets) };
    return this.rungsMemo;
  }

}
