// Exposes what the player shows, read back from its components, as `window.streamsyncTv.state()`,
// so QA (and the browser tests) can check the screen without parsing pixels.
import type InfoBanner from '../components/InfoBanner.js';
import type { BannerText } from '../components/InfoBanner.js';
import type NumberEntryView from '../components/NumberEntryView.js';
import type Slate from '../components/Slate.js';

import type { ClockCounters, ClockEstimate } from '../core/sync/clock-estimator.js';
import type { PlaybackStats } from '../core/sync/playback-controller.js';

import type { ListenerGroup } from '../lib/util/listener-group.js';
import type { DeviceProfile } from '../lib/util/app-config.js';
import type { MediaStats, TvServices } from '../lib/util/tv-services.js';
import type { ReadyNeighbourState } from '../lib/player/ready-neighbours.js';
import type { ChannelWalk } from '../lib/remote/favorites.js';
import type { LockText } from '../components/LockView.js';
import type { AiringProgram, ChannelSummary } from '../core/wire.js';

declare global {
  interface Window {
    streamsyncTv?: { state: () => unknown };
  }
}

export interface QaInputs {
  services: TvServices | null;
  channel: ChannelSummary | null;
  previous: ChannelSummary | null;
  banner: InfoBanner | null;
  slate: Slate | null;
  entry: NumberEntryView | null;
  playing: boolean;
  mediaUrl: string | null;
  /** The program on screen (on the live stream: the one the schedule aired the live latency ago). */
  program: AiringProgram | null;
  serverNowMs: number | null;
  brokerUp: boolean;
  /** The sync figures of the player on air (default: the main controller's). */
  sync?: PlaybackStats | null;
  /** Which player is on air: 'A' (the VideoPlayer's <video>), 'B', 'C'... (the stage's own). */
  deck?: string;
  /** The screens around the player (guide, channel list, chat, reactions, settings, stats). */
  screens?: Record<string, unknown> | null;
  /** The channels kept playing behind the picture (ready neighbours). */
  readyNeighbours?: ReadyNeighbourState[];
  /** The viewer's favorite channels and what CH+/CH- walks. */
  favorites?: { ids: string[]; walk: ChannelWalk };
  /** The parental lock: the device's limit, the program it covers, and its view. */
  parental?: ParentalQa;
  /** Live, start-over (behind live on purpose) or paused, and how far behind (ms). */
  timeShift?: TimeShiftQa;
  /** The captions on screen, the viewer's choices, and the languages of the player on air. */
  captions?: CaptionsQa;
}

export interface CaptionsQa {
  text: string;
  captions: string | null;
  audio: string | null;
  textLanguages: string[];
  audioLanguages: string[];
  activeAudio: string | null;
  textVisible: boolean;
}

export interface TimeShiftQa {
  mode: 'live' | 'shifted' | 'paused';
  behindMs: number;
}

export interface ParentalQa {
  limit: number | null;
  hasPin: boolean;
  locked: { id: string; text: string } | null;
  /** The decks are hidden and silent. */
  blocked: boolean;
  lockedOutUntilMs: number | null;
  view: LockText | null;
}

export interface QaState {
  channel: ChannelSummary | null;
  previous: ChannelSummary | null;
  banner: BannerText | null;
  entry: { digits: string; note: string };
  slate: { shown: boolean; message: string };
  playing: boolean;
  mediaUrl: string | null;
  program: { id: string; startMs: number; endMs: number; inMs: number; title: string } | null;
  serverNowMs: number | null;
  clockSource: 'exchange' | 'http' | 'none';
  clock: ClockEstimate | null;
  /** The clock exchanges so far: sent, accepted, lost, rejected, outlier points, steps seen (jumps)... */
  clockCounters: ClockCounters | null;
  sync: PlaybackStats | null;
  brokerUp: boolean;
  preloads: string[];
  /** The channels kept playing, muted, behind the picture for instant CH+/CH- (their deck, and whether it plays yet). */
  readyNeighbours: ReadyNeighbourState[];
  /** The viewer's favorite channel ids (in the order marked) and what CH+/CH- walks. */
  favorites: { ids: string[]; walk: ChannelWalk };
  parental: ParentalQa | null;
  timeShift: TimeShiftQa;
  captions: CaptionsQa | null;
  /** The player on air: 'A' (the VideoPlayer's <video>) or 'B' (the second one, for seamless boundaries). */
  deck: string;
  /** The simulated device (QA query parameters). */
  device: DeviceProfile | null;
  /** The media stack's engine profile in force ('chromium', 'webkit-gstreamer'). */
  engine: string | null;
  /** What channels play from: each program's manifest ('programs') or the channel's live stream ('live'). */
  source: 'programs' | 'live' | null;
  /** MediaSource.endOfStream() calls the engine profile withheld, or null where they go through. */
  endOfStreamWithheld: number | null;
  /** SourceBuffer.abort() calls between appends the engine profile withheld, or null where they go through. */
  abortWithheld: number | null;
  /** What the page's Content-Security-Policy refused since boot ("directive blocked-uri"), null before the services. */
  policyViolations: string[] | null;
  /** The last media events of every <video> ("ms id event t=currentTime rs=readyState"), null before the services. */
  mediaJournal: string[] | null;
  /** ABR rung, bandwidth estimate and buffer of the player, null before the first load. */
  media: MediaStats | null;
  /** What the screens around the player show (null before they are attached). */
  screens: Record<string, unknown> | null;
}

export function readQaState(i: QaInputs): QaState {
  const s = i.services;
  const p = i.program;
  return {
    channel: i.channel,
    previous: i.previous,
    banner: i.banner?.readText() ?? null,
    entry: { digits: i.entry?.digitsText ?? '', note: i.entry?.noteText ?? '' },
    slate: { shown: i.slate?.shown ?? false, message: i.slate?.message ?? '' },
    playing: i.playing,
    mediaUrl: i.mediaUrl,
    program: p ? { id: p.id, startMs: p.startMs, endMs: p.endMs, inMs: p.inMs, title: p.title } : null,
    serverNowMs: i.serverNowMs,
    clockSource: s?.clock.source() ?? 'none',
    clock: s ? s.estimator.estimate(s.localNow()) : null,
    clockCounters: s ? s.estimator.counters() : null,
    sync: i.sync !== undefined ? i.sync : (s?.controller.stats() ?? null),
    brokerUp: i.brokerUp,
    preloads: s?.shaka.preloadKeys ?? [],
    readyNeighbours: i.readyNeighbours ?? [],
    deck: i.deck ?? 'A',
    favorites: i.favorites ?? { ids: [], walk: 'all' },
    parental: i.parental ?? null,
    timeShift: i.timeShift ?? { mode: 'live', behindMs: 0 },
    captions: i.captions ?? null,
    screens: i.screens ?? null,
    device: s?.profile ?? null,
    engine: s?.engineProfile.id ?? null,
    source: s?.config.source ?? null,
    endOfStreamWithheld: s?.endOfStreamWithheld() ?? null,
    abortWithheld: s?.abortWithheld() ?? null,
    policyViolations: s?.policyViolations.list() ?? null,
    mediaJournal: s?.mediaJournal.list() ?? null,
    media: s?.mediaStats() ?? null,
  };
}

export function exposeQaState(group: ListenerGroup, read: () => QaState): void {
  window.streamsyncTv = { state: read };
  group.add(() => {
    delete window.streamsyncTv;
  });
}
