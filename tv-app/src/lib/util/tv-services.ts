// Everything the player page needs, built once at boot from the settings and the page location,
// and passed down (no module singletons). Browser only.
import mqtt from 'mqtt';
import shaka from 'shaka-player';
import { presenceWill } from '../../core/protocol.js';
import { ClockEstimator } from '../../core/sync/clock-estimator.js';
import { controllerOptionsFor, type EngineProfile } from '../../core/sync/engine-profile.js';
import { PlaybackController, type PlaybackControllerOptions } from '../../core/sync/playback-controller.js';
import { PlayTimerAim } from '../../core/sync/play-timer-aim.js';
import { ApiClient } from '../net/api-client.js';
import { deviceProfileFromQuery, parseTvConfig, serviceUrls, simulatedClock, withQueryOverrides, type DeviceProfile, type TvConfig } from './app-config.js';
import { BrokerLink, type BrokerEvents } from '../net/broker-link.js';
import { BrokerSession, fixedIdentity, type MqttClientLike, type SessionIdentity } from '../net/broker-session.js';
import { DEVICE_IDENTITY_DEFAULTS, DeviceIdentityKeeper } from '../net/device-identity.js';
import { ClockPump } from '../net/clock-pump.js';
import { DECK_STAGE_DEFAULTS } from '../player/deck-stage.js';
import { engineProfileFor } from '../player/engine-detect.js';
import { KeyMap } from '../remote/remote-keys.js';
import { ServerClock } from '../net/server-clock.js';
import { CaptionDisplayers } from '../captions/caption-displayers.js';
import { PlayerRegistry } from '../player/player-registry.js';
import { createShakaSession } from '../player/shaka-factory.js';
import type { ShakaSession } from '../player/shaka-session.js';
import { bufferAhead } from '../screens/sync-stats.js';
import { watchPolicyViolations, type PolicyViolations } from './policy-violations.js';
import { watchMediaEvents, type MediaJournal } from './media-journal.js';
import { withholdEndOfStream } from '../player/end-of-stream-guard.js';
import { withholdIdleAbort } from '../player/source-buffer-abort-guard.js';

export interface TvServices {
  config: TvConfig;
  apiBaseUrl: string;
  /** The TV's one MQTT session (the page's own origin's `/ws` unless configured): the player's link and the screens' chat share it. */
  brokerSession: BrokerSession;
  keys: KeyMap;
  api: ApiClient;
  clock: ServerClock;
  pump: ClockPump;
  estimator: ClockEstimator;
  broker: BrokerLink;
  shaka: ShakaSession<shaka.media.PreloadManager>;
  controller: PlaybackController;
  /** Aims every timed play() by the lateness this TV's timers showed (kept across tunes). */
  playAim: PlayTimerAim;
  /** The media stack's profile (detected, or `?engine=`), and the controller options it gives both decks. */
  engineProfile: EngineProfile;
  playbackOptions: Partial<PlaybackControllerOptions>;
  /** endOfStream() calls withheld (the profile's `endOfStream: 'withhold'`), or null where they go through. */
  endOfStreamWithheld: () => number | null;
  /** SourceBuffer.abort() calls withheld between appends (the profile's `sourceBufferAbort: 'withhold-idle'`), or null where they go through. */
  abortWithheld: () => number | null;
  /** What the page's Content-Security-Policy refused since boot. */
  policyViolations: PolicyViolations;
  /** The last media events of every <video> (QA). */
  mediaJournal: MediaJournal;
  localNow: () => number;
  /** Broker events fan out to whoever listens (the page subscribes for its lifetime). */
  brokerEvents: BrokerEventHub;
  /** The simulated device (QA query parameters; defaults on a real TV). */
  profile: DeviceProfile;
  /** ABR and buffer figures of the Shaka player, or null before it exists. */
  mediaStats: () => MediaStats | null;
  /** Every live Shaka player (the quality setting applies its choice to each). */
  shakaPlayers: () => readonly shaka.Player[];
  /** The player of the deck on air (null before the first load). */
  onAirPlayer: () => shaka.Player | null;
  /** Where every Shaka player of the app is made and released (both decks). */
  playerRegistry: PlayerRegistry<shaka.Player>;
  /** The cues each Shaka player hands its text displayer (the app draws the on-air player's). */
  captions: CaptionDisplayers<shaka.Player>;
}

/** What QA reads about the media pipeline. */
export interface MediaStats {
  /** Height of the variant playing, pixels (0 when unknown). */
  rungHeight: number;
  /** Bandwidth of the variant playing, bits per second. */
  rungBandwidth: number;
  /** Shaka's bandwidth estimate, bits per second. */
  estimatedBandwidth: number;
  /** Seconds buffered ahead of the playhead. */
  bufferAheadSec: number;
  /** Stalls Shaka's stall detector saw. */
  stallsDetected: number;
  /** Variant switches (ABR or manual) since the last load. */
  switches: number;
}

/**
 * Reads MediaStats for the <video> on air: from the Shaka player attached to it when known here,
 * otherwise from the element itself (the decoded height is the rung) plus the newest player's
 * bandwidth estimate (one network, one estimate).
 */
/** The player of the <video> on air (two decks take turns at boundaries), else the newest one. */
export function onAirPlayer(players: readonly shaka.Player[], onAir: HTMLVideoElement | null): shaka.Player | null {
  return (onAir ? players.find((p) => p.getMediaElement() === onAir) : players[players.length - 1]) ?? null;
}

/** The <video> of the deck on air. */
function onAirVideo(): HTMLVideoElement | null {
  return document.querySelector<HTMLVideoElement>(`video[${DECK_STAGE_DEFAULTS.onAirAttribute}]`);
}

export function readMediaStats(players: readonly shaka.Player[], onAir: HTMLVideoElement | null): MediaStats | null {
  const player = onAirPlayer(players, onAir);
  const video = onAir ?? player?.getMediaElement() ?? null;
  if (!video) return null;
  const stats = player?.getStats() ?? null;
  const active = player?.getVariantTracks().find((t) => t.active);
  const finite = (...values: Array<number | null | undefined>) => values.find((v): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0) ?? 0;
  const estimate = stats?.estimatedBandwidth ?? players[players.length - 1]?.getStats().estimatedBandwidth;
  return {
    rungHeight: finite(active?.height, stats?.height, video instanceof HTMLVideoElement ? video.videoHeight : 0),
    rungBandwidth: finite(active?.bandwidth, stats?.streamBandwidth),
    estimatedBandwidth: finite(estimate),
    bufferAheadSec: bufferAhead(video.buffered, video.currentTime),
    stallsDetected: stats?.stallsDetected ?? 0,
    switches: stats?.switchHistory.length ?? 0,
  };
}

type Listener<K extends keyof BrokerEvents> = BrokerEvents[K];

/** A tiny typed fan-out for broker events; `on` returns its own unsubscribe. */
export class BrokerEventHub implements BrokerEvents {
  private readonly listeners: { [K in keyof BrokerEvents]: Set<Listener<K>> } = {
    connection: new Set(), timeResponse: new Set(), beacon: new Set(), lineupVersion: new Set(), channelNow: new Set(), controlSync: new Set(),
  };

  on<K extends keyof BrokerEvents>(kind: K, fn: Listener<K>): () => void {
    const set = this.listeners[kind] as Set<Listener<K>>;
    set.add(fn);
    return () => set.delete(fn);
  }

  connection: BrokerEvents['connection'] = (c) => this.listeners.connection.forEach((f) => f(c));
  timeResponse: BrokerEvents['timeResponse'] = (r) => this.listeners.timeResponse.forEach((f) => f(r));
  beacon: BrokerEvents['beacon'] = (b) => this.listeners.beacon.forEach((f) => f(b));
  lineupVersion: BrokerEvents['lineupVersion'] = (v) => this.listeners.lineupVersion.forEach((f) => f(v));
  channelNow: BrokerEvents['channelNow'] = (n) => this.listeners.channelNow.forEach((f) => f(n));
  controlSync: BrokerEvents['controlSync'] = (s) => this.listeners.controlSync.forEach((f) => f(s));
}

/**
 * The shared controller's options for this player, beneath the engine profile's (start lag seed,
 * readiness, rate trim: engine-profile.ts). A shorter minimum lead makes zaps faster; the
 * controller still lengthens it when loads take longer.
 */
export const PLAYBACK_OPTIONS = {
  joinLeadSec: 0.2, // seconds of media to prebuffer ahead at least (grows with the learned load time)
  joinLeadMarginSec: 0.12, // seconds the lead is kept above the learned load time (a late load just seeks on)
};

/** `digits` random lower-case hex digits. */
export function randomHex(digits: number): string {
  const bytes = new Uint8Array(Math.ceil(digits / 2));
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('').slice(0, digits);
}

function localStorageOrNull(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export function createTvServices(appSettings: { tv?: unknown; keys?: unknown }, location: Location): TvServices {
  const policyViolations = watchPolicyViolations(document);
  const mediaJournal = watchMediaEvents(document, () => performance.now());
  const config = withQueryOverrides(parseTvConfig(appSettings.tv), location.search);
  const urls = serviceUrls(config, location);
  const keys = new KeyMap(typeof appSettings.keys === 'object' && appSettings.keys !== null ? (appSettings.keys as Record<string, unknown>) : {});
  const profile = deviceProfileFromQuery(location.search);
  // The device's local clock: what the clock estimator and the playback controller call "local time".
  const localNow = simulatedClock(() => performance.timeOrigin + performance.now(), profile);
  const estimator = new ClockEstimator();
  const clock = new ServerClock(estimator, localNow);
  const brokerEvents = new BrokerEventHub();
  const api = new ApiClient({ baseUrl: urls.apiBaseUrl, fetch: (input, init) => fetch(input, init) });
  // QA's `?clientId=` connects anonymously with that id, as it always did; so does a TV of a standard
  // broker (brokerAuth 'anonymous'), with an id of its own; otherwise the device's identity,
  // registered now (beside the other boot requests) when none is kept.
  const identity: SessionIdentity =
    profile.clientId !== null
      ? fixedIdentity(profile.clientId)
      : config.brokerAuth === 'anonymous'
        ? fixedIdentity(`tv-${randomHex(DEVICE_IDENTITY_DEFAULTS.anonymousHexDigits)}`)
        : new DeviceIdentityKeeper({ storage: localStorageOrNull(), register: () => api.registerDevice(), randomHex, clock: () => Date.now() });
  void identity.ready();
  const brokerSession = new BrokerSession({
    url: urls.brokerUrl,
    identity,
    connect: (url, options): MqttClientLike => mqtt.connect(url, options),
    ...(config.brokerPresence ? { will: presenceWill } : {}),
  });
  const broker = new BrokerLink({ session: brokerSession, events: brokerEvents, presence: config.brokerPresence });
  const pump = new ClockPump({ clock: estimator, send: (t0) => broker.sendTimeRequest(t0), localNow });
  brokerEvents.on('timeResponse', (r) => pump.onResponse(r));
  brokerEvents.on('connection', (up) => up && pump.resync());
  brokerEvents.on('controlSync', () => pump.resync());
  brokerEvents.on('beacon', (b) => {
    if (estimator.observeBeacon(b.serverTimeMs, localNow())) pump.resync();
  });
  const engineProfile = engineProfileFor({ navigator, mediaElementPrototype: HTMLMediaElement.prototype }, location.search);
  const playbackOptions = { ...PLAYBACK_OPTIONS, ...controllerOptionsFor(engineProfile) };
  shaka.polyfill.installAll();
  const endOfStream = engineProfile.endOfStream === 'withhold' && typeof MediaSource !== 'undefined' ? withholdEndOfStream(MediaSource.prototype) : null;
  const idleAbort = engineProfile.sourceBufferAbort === 'withhold-idle' && typeof SourceBuffer !== 'undefined' ? withholdIdleAbort(SourceBuffer.prototype) : null;
  const captions = new CaptionDisplayers<shaka.Player>();
  const players = new PlayerRegistry(() => {
    const player = new shaka.Player();
    player.configure({ textDisplayFactory: captions.factoryFor(player) as unknown as shaka.extern.TextDisplayer.Factory });
    return player;
  });
  const session = createShakaSession(config, players, engineProfile, () => {
    // Media errors reach the page through VideoPlayer's $videoPlayerError (the load rejects).
  });
  return {
    config,
    apiBaseUrl: urls.apiBaseUrl,
    brokerSession,
    keys,
    api,
    clock,
    pump,
    estimator,
    broker,
    shaka: session,
    controller: new PlaybackController(playbackOptions),
    playAim: new PlayTimerAim(),
    engineProfile,
    playbackOptions,
    endOfStreamWithheld: () => endOfStream?.withheld() ?? null,
    abortWithheld: () => idleAbort?.withheld() ?? null,
    policyViolations,
    mediaJournal,
    localNow,
    brokerEvents,
    profile,
    mediaStats: () => readMediaStats(players.all(), onAirVideo()),
    shakaPlayers: () => players.all(),
    onAirPlayer: () => onAirPlayer(players.all(), onAirVideo()),
    playerRegistry: players,
    captions,
  };
}
