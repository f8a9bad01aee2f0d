// Everything the player page needs, built once at boot from the settings and the page location,
// and passed down (no module singletons). Browser only.
import mqtt from 'mqtt';
import shaka from 'shaka-player';
import { ClockEstimator } from '../core/sync/clock-estimator.js';
import { PlaybackController } from '../core/sync/playback-controller.js';
import { ApiClient } from './api-client.js';
import { parseTvConfig, serviceUrls, withQueryOverrides, type TvConfig } from './app-config.js';
import { BrokerLink, type BrokerEvents, type MqttClientLike } from './broker-link.js';
import { ClockPump } from './clock-pump.js';
import { KeyMap } from './remote-keys.js';
import { ServerClock } from './server-clock.js';
import { MANIFEST_MIME, SHAKA_CONFIG } from './shaka-config.js';
import { ShakaSession } from './shaka-session.js';

export interface TvServices {
  config: TvConfig;
  apiBaseUrl: string;
  keys: KeyMap;
  api: ApiClient;
  clock: ServerClock;
  pump: ClockPump;
  estimator: ClockEstimator;
  broker: BrokerLink;
  shaka: ShakaSession<shaka.media.PreloadManager>;
  controller: PlaybackController;
  localNow: () => number;
  /** Broker events fan out to whoever listens (the page subscribes for its lifetime). */
  brokerEvents: BrokerEventHub;
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
 * The shared controller's options for this player. The <video> is made visible (under the slate)
 * before play(), so the media clock starts sooner after play() than the generic 70 ms (measured
 * ~10-50 ms here): start from that and let the controller keep learning. A shorter minimum lead
 * makes zaps faster; the controller still lengthens it when loads take longer.
 */
export const PLAYBACK_OPTIONS = {
  initialStartLagMs: 20, // milliseconds from play() to the media clock moving, until learned
  joinLeadSec: 0.3, // seconds of media to prebuffer ahead at least (grows with the learned load time)
};

function randomClientId(): string {
  const bytes = new Uint8Array(8);
  crypto.getRandomValues(bytes);
  return `tv-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export function createTvServices(appSettings: { tv?: unknown; keys?: unknown }, location: Location): TvServices {
  const config = withQueryOverrides(parseTvConfig(appSettings.tv), location.search);
  const urls = serviceUrls(config, location);
  const keys = new KeyMap(typeof appSettings.keys === 'object' && appSettings.keys !== null ? (appSettings.keys as Record<string, unknown>) : {});
  const localNow = () => performance.timeOrigin + performance.now();
  const estimator = new ClockEstimator();
  const clock = new ServerClock(estimator, localNow);
  const brokerEvents = new BrokerEventHub();
  const broker = new BrokerLink({
    url: urls.brokerUrl,
    clientId: randomClientId(),
    connect: (url, options): MqttClientLike => mqtt.connect(url, options),
    events: brokerEvents,
  });
  const pump = new ClockPump({ clock: estimator, send: (t0) => broker.sendTimeRequest(t0), localNow });
  brokerEvents.on('timeResponse', (r) => pump.onResponse(r));
  brokerEvents.on('connection', (up) => up && pump.resync());
  brokerEvents.on('controlSync', () => pump.resync());
  brokerEvents.on('beacon', (b) => {
    if (estimator.observeBeacon(b.serverTimeMs, localNow())) pump.resync();
  });
  shaka.polyfill.installAll();
  const session = new ShakaSession<shaka.media.PreloadManager>({
    createPlayer: () => new shaka.Player(),
    config: SHAKA_CONFIG,
    mimeType: MANIFEST_MIME[config.protocol],
    onError: () => {
      // Media errors reach the page through VideoPlayer's $videoPlayerError (the load rejects).
    },
  });
  return {
    config,
    apiBaseUrl: urls.apiBaseUrl,
    keys,
    api: new ApiClient({ baseUrl: urls.apiBaseUrl, fetch: (input, init) => fetch(input, init) }),
    clock,
    pump,
    estimator,
    broker,
    shaka: session,
    controller: new PlaybackController(PLAYBACK_OPTIONS),
    localNow,
    brokerEvents,
  };
}
