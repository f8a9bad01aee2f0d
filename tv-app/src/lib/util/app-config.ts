// The TV app's configuration (settings.json appSettings.tv), validated once with defaults, and the
// service URLs: empty means the page's own origin, so one build works behind any host name.

export { parseTvConfig, TV_CONFIG_DEFAULTS, TvConfigError, type StreamProtocol, type StreamSource, type TvConfig } from '../../core/app-settings.js';
import { MAX_READY_NEIGHBOURS, type TvConfig } from '../../core/app-settings.js';

export interface PageLocation {
  protocol: string; // 'http:' | 'https:'
  host: string; // host[:port]
}

export interface ServiceUrls {
  apiBaseUrl: string;
  brokerUrl: string;
}

/** Resolves empty URLs against the page's own origin. */
export function serviceUrls(config: TvConfig, location: PageLocation): ServiceUrls {
  const origin = `${location.protocol}//${location.host}`;
  const wsScheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return {
    apiBaseUrl: (config.apiBaseUrl || origin).replace(/\/+$/, ''),
    brokerUrl: config.brokerUrl || `${wsScheme}//${location.host}/ws`,
  };
}

/**
 * Per-device overrides from the page's query string, for QA and odd devices: `?protocol=hls`,
 * `?source=live`, `?liveLatencyMs=10000`, `?readyNeighbours=0` (a low-end device). A malformed value is
 * ignored (the QA state shows the config).
 */
export function withQueryOverrides(config: TvConfig, search: string): TvConfig {
  const q = new URLSearchParams(search);
  const overrides: Partial<TvConfig> = {};
  const protocol = q.get('protocol');
  if (protocol === 'dash' || protocol === 'hls') overrides.protocol = protocol;
  const source = q.get('source');
  if (source === 'programs' || source === 'live') overrides.source = source;
  const latency = Number(q.get('liveLatencyMs') ?? NaN);
  if (Number.isFinite(latency) && latency > 0) overrides.liveLatencyMs = latency;
  const ready = Number(q.get('readyNeighbours') ?? NaN);
  if (Number.isInteger(ready) && ready >= 0 && ready <= MAX_READY_NEIGHBOURS) overrides.readyNeighbours = ready;
  return Object.keys(overrides).length > 0 ? { ...config, ...overrides } : config;
}

/**
 * A simulated device for QA (the emulator's device profiles), from the query string:
 * `?clockSkewMs=&clockDriftPpm=&clientId=`. Values out of range or malformed are ignored (the
 * effective profile is in the QA state). The stage resolution follows the window (a 1280x720
 * window is a 720p stage), so it needs no parameter.
 */
export interface DeviceProfile {
  /** Added to the local clock, milliseconds (a TV whose clock is minutes off). */
  clockSkewMs: number;
  /** How fast the local clock runs against real time, parts per million (+ = fast). */
  clockDriftPpm: number;
  /** MQTT client id; null = a random one per page load. */
  clientId: string | null;
}

export const DEVICE_PROFILE_DEFAULTS: DeviceProfile = {
  clockSkewMs: 0, // milliseconds
  clockDriftPpm: 0, // parts per million
  clientId: null,
};

export const DEVICE_PROFILE_LIMITS = {
  maxAbsSkewMs: 86_400_000, // milliseconds (one day)
  maxAbsDriftPpm: 50_000, // parts per million (a clock being slewed by an NTP daemon runs thousands off)
  clientId: /^[A-Za-z0-9_-]{1,64}$/, // safe inside an MQTT topic level
};

export function deviceProfileFromQuery(search: string): DeviceProfile {
  const q = new URLSearchParams(search);
  const num = (key: string, maxAbs: number): number | null => {
    const raw = q.get(key);
    if (raw === null || raw.trim() === '') return null;
    const v = Number(raw);
    return Number.isFinite(v) && Math.abs(v) <= maxAbs ? v : null;
  };
  const clientId = q.get('clientId');
  return {
    clockSkewMs: num('clockSkewMs', DEVICE_PROFILE_LIMITS.maxAbsSkewMs) ?? DEVICE_PROFILE_DEFAULTS.clockSkewMs,
    clockDriftPpm: num('clockDriftPpm', DEVICE_PROFILE_LIMITS.maxAbsDriftPpm) ?? DEVICE_PROFILE_DEFAULTS.clockDriftPpm,
    clientId: clientId !== null && DEVICE_PROFILE_LIMITS.clientId.test(clientId) ? clientId : DEVICE_PROFILE_DEFAULTS.clientId,
  };
}

/** The device's local clock over a real monotonic one: offset by the skew, drifting from the first reading. */
export function simulatedClock(real: () => number, profile: Pick<DeviceProfile, 'clockSkewMs' | 'clockDriftPpm'>): () => number {
  if (profile.clockSkewMs === 0 && profile.clockDriftPpm === 0) return real;
  const origin = real();
  const rate = profile.clockDriftPpm / 1e6;
  return () => {
    const t = real();
    return t + profile.clockSkewMs + (t - origin) * rate;
  };
}
