// The TV app's block of settings.json (appSettings.tv and appSettings.keys): its shape, defaults and
// validation, written once. The TV app reads it at boot; npm start validates the same block at start
// (control-api/src/config/load-settings.ts), so a typo in a TV setting stops the start, not the TV.
// Pure and browser-safe.

export type StreamProtocol = 'dash' | 'hls';

/**
 * What a channel plays from: 'programs', each program's own manifest at the schedule's offset (frame
 * sync with the schedule itself); 'live', the channel's dynamic DASH MPD (/live/{id}/manifest.mpd) held
 * `liveLatencyMs` behind the schedule: one endless stream with no boundaries of the app's own.
 */
export type StreamSource = 'programs' | 'live';

export type BrokerAuth = 'device' | 'anonymous';

export interface TvConfig {
  protocol: StreamProtocol;
  source: StreamSource;
  /** With source 'live': how far behind the schedule the picture is held, milliseconds. */
  liveLatencyMs: number;
  /** Base of the REST API ('' = page origin). */
  apiBaseUrl: string;
  /** MQTT over WebSocket URL ('' = ws(s)://<page host>/ws). */
  brokerUrl: string;
  /**
   * How the TV identifies itself to the broker: 'device' (an id and token from POST /v1/devices, which
   * the built-in broker checks) or 'anonymous' (a client id of its own: a standard broker that cannot
   * check device tokens, see npm run broker:config).
   */
  brokerAuth: BrokerAuth;
  /**
   * Keep a retained presence naming the channel watched (`presence/{clientId}`, cleared by the
   * connection's will): a standard broker does not say who subscribes, so the server counts viewers
   * from it. The built-in broker counts subscriptions and refuses it.
   */
  brokerPresence: boolean;
  /** Quiet time that commits a typed channel number, milliseconds. */
  digitEntryTimeoutMs: number;
  /** How long the info banner stays up, milliseconds. */
  bannerTimeoutMs: number;
  /**
   * Channels kept playing muted behind the picture, so CH+/CH- shows them in the next frame (count,
   * 0-2: the channel above, then the one below; 0 on a low-end device). Capped by the engine profile.
   */
  readyNeighbours: number;
}

export const TV_CONFIG_DEFAULTS: TvConfig = {
  protocol: 'dash',
  source: 'programs',
  liveLatencyMs: 8000, // milliseconds: the live MPD lists a segment once it has aired (2 s segments), plus ~6 s buffered ahead
  apiBaseUrl: '',
  brokerUrl: '',
  brokerAuth: 'device',
  brokerPresence: false,
  digitEntryTimeoutMs: 1500, // milliseconds
  bannerTimeoutMs: 5000, // milliseconds
  readyNeighbours: 2, // count
};

/** The most ready neighbours a TV keeps: the channel above and the one below. */
export const MAX_READY_NEIGHBOURS = 2;

export class TvConfigError extends Error {
  readonly code = 'SS_TV_CONFIG_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'TvConfigError';
  }
}

/** Merges appSettings.tv over the defaults, validating every key. */
export function parseTvConfig(raw: unknown): TvConfig {
  const config = { ...TV_CONFIG_DEFAULTS };
  if (raw === undefined || raw === null) return config;
  if (typeof raw !== 'object') throw new TvConfigError('appSettings.tv: expected an object');
  const o = raw as Record<string, unknown>;
  if (o.protocol !== undefined) {
    if (o.protocol !== 'dash' && o.protocol !== 'hls') throw new TvConfigError('appSettings.tv.protocol: expected "dash" or "hls"');
    config.protocol = o.protocol;
  }
  if (o.source !== undefined) {
    if (o.source !== 'programs' && o.source !== 'live') throw new TvConfigError('appSettings.tv.source: expected "programs" or "live"');
    config.source = o.source;
  }
  if (o.brokerAuth !== undefined) {
    if (o.brokerAuth !== 'device' && o.brokerAuth !== 'anonymous') throw new TvConfigError('appSettings.tv.brokerAuth: expected "device" or "anonymous"');
    config.brokerAuth = o.brokerAuth;
  }
  if (o.brokerPresence !== undefined) {
    if (typeof o.brokerPresence !== 'boolean') throw new TvConfigError('appSettings.tv.brokerPresence: expected true or false');
    config.brokerPresence = o.brokerPresence;
  }
  for (const key of ['apiBaseUrl', 'brokerUrl'] as const) {
    const v = o[key];
    if (v === undefined) continue;
    if (typeof v !== 'string') throw new TvConfigError(`appSettings.tv.${key}: expected a string`);
    config[key] = v;
  }
  for (const key of ['digitEntryTimeoutMs', 'bannerTimeoutMs', 'liveLatencyMs'] as const) {
    const v = o[key];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new TvConfigError(`appSettings.tv.${key}: expected milliseconds > 0`);
    config[key] = v;
  }
  if (o.readyNeighbours !== undefined) {
    const v = o.readyNeighbours;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > MAX_READY_NEIGHBOURS) {
      throw new TvConfigError(`appSettings.tv.readyNeighbours: expected a whole number from 0 to ${MAX_READY_NEIGHBOURS}`);
    }
    config.readyNeighbours = v;
  }
  return config;
}

export type ScreenName = 'Guide' | 'Chat' | 'Reactions' | 'Settings' | 'ChannelList';

export type RemoteAction =
  | { kind: 'channelStep'; delta: 1 | -1 }
  | { kind: 'digit'; digit: number }
  | { kind: 'ok' }
  | { kind: 'info' }
  | { kind: 'back' }
  | { kind: 'left' }
  | { kind: 'right' }
  | { kind: 'favorite' }
  | { kind: 'startOver' }
  | { kind: 'live' }
  | { kind: 'playPause' }
  | { kind: 'captions' }
  | { kind: 'audioTrack' }
  | { kind: 'screen'; screen: ScreenName };

/** The screens over the player, by the key that opens each. */
export const SCREENS: readonly ScreenName[] = ['Guide', 'Chat', 'Reactions', 'Settings', 'ChannelList'];

/** The action of a key name, or null for a name the app does not know. */
export function actionForKeyName(name: string): RemoteAction | null {
  switch (name) {
    case 'Up':
    case 'ChannelUp':
      return { kind: 'channelStep', delta: 1 };
    case 'Down':
    case 'ChannelDown':
      return { kind: 'channelStep', delta: -1 };
    case 'Enter':
      return { kind: 'ok' };
    case 'Info':
      return { kind: 'info' };
    case 'Back':
      return { kind: 'back' };
    case 'Left':
      return { kind: 'left' };
    case 'Right':
      return { kind: 'right' };
    case 'Favorite':
      return { kind: 'favorite' };
    case 'StartOver':
      return { kind: 'startOver' };
    case 'Live':
      return { kind: 'live' };
    case 'PlayPause':
      return { kind: 'playPause' };
    case 'Captions':
      return { kind: 'captions' };
    case 'AudioTrack':
      return { kind: 'audioTrack' };
    default: {
      const digit = /^Digit([0-9])$/.exec(name);
      if (digit?.[1] !== undefined) return { kind: 'digit', digit: Number(digit[1]) };
      const screen = SCREENS.find((s) => s === name);
      return screen ? { kind: 'screen', screen } : null;
    }
  }
}

export class KeyMapError extends Error {
  readonly code = 'SS_TV_KEYMAP_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'KeyMapError';
  }
}

/** Validates appSettings.keys: keyCode -> the name and action of every key. */
export function parseKeyMap(keys: Record<string, unknown>): Map<number, { name: string; action: RemoteAction }> {
  const byCode = new Map<number, { name: string; action: RemoteAction }>();
  for (const [code, name] of Object.entries(keys)) {
    if (!/^\d{1,4}$/.test(code)) throw new KeyMapError(`appSettings.keys: "${code}" is not a key code`);
    if (typeof name !== 'string') throw new KeyMapError(`appSettings.keys.${code}: expected a key name`);
    const action = actionForKeyName(name);
    if (!action) throw new KeyMapError(`appSettings.keys.${code}: "${name}" is not a known remote key`);
    byCode.set(Number(code), { name, action });
  }
  return byCode;
}

/** The TV app's settings as npm start checks them: appSettings.tv and appSettings.keys. Throws a coded error naming the key. */
/**
 * appSettings for TVs of a standard broker (STREAMSYNC_BROKER_WS_URL): they connect to `wsUrl`,
 * anonymously (such a broker cannot check device tokens). Without a URL, `appSettings` as given.
 * The server (its page policy) and the TV build both apply this one rule.
 */
export function withStandardBroker(appSettings: Record<string, unknown>, wsUrl: string | undefined): Record<string, unknown> {
  if (wsUrl === undefined || wsUrl === '') return appSettings;
  const tv = typeof appSettings.tv === 'object' && appSettings.tv !== null ? (appSettings.tv as Record<string, unknown>) : {};
  return { ...appSettings, tv: { ...tv, brokerUrl: wsUrl, brokerAuth: 'anonymous', brokerPresence: true } };
}

export function validateAppSettings(appSettings: Record<string, unknown>): void {
  parseTvConfig(appSettings.tv);
  const keys = appSettings.keys;
  if (keys === undefined) return;
  if (typeof keys !== 'object' || keys === null || Array.isArray(keys)) throw new KeyMapError('appSettings.keys: expected an object of keyCode -> key name');
  parseKeyMap(keys as Record<string, unknown>);
}
