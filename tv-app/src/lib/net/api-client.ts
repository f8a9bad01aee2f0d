// The REST side: the lineup (GET /v1/channels) and what is on (GET /v1/channels/:id/now), with
// retries and exponential backoff so a lost API never needs a reload; and the device's registration
// (POST /v1/devices), one attempt per call (the device identity keeper decides when to try again).
import type { ChannelNow, ChannelSummary } from '../../core/wire.js';
import { parseDeviceIdentity, type DeviceIdentity } from './device-identity.js';

export class ApiError extends Error {
  constructor(readonly code: 'SS_TV_API_UNREACHABLE' | 'SS_TV_API_BAD_REPLY' | 'SS_TV_API_STATUS', message: string, readonly status: number | null = null) {
    super(message);
    this.name = 'ApiError';
  }
}

export const API_DEFAULTS = {
  attempts: 6, // tries per request before giving up
  baseDelayMs: 250, // milliseconds before the first retry
  maxDelayMs: 8000, // milliseconds: backoff ceiling
  timeoutMs: 5000, // milliseconds per attempt
  registerTimeoutMs: 2500, // milliseconds for POST /v1/devices (a TV without an identity connects to the broker after it)
};

export interface ApiClientOptions {
  baseUrl: string;
  fetch: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  attempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  timeoutMs?: number;
  registerTimeoutMs?: number;
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

function toChannel(raw: unknown): ChannelSummary | null {
  if (!isRecord(raw)) return null;
  const { id, number, name, logoUrl, group, enabled, startOver } = raw;
  if (typeof id !== 'string' || typeof number !== 'number' || typeof name !== 'string') return null;
  if (enabled === false) return null;
  return {
    id, number, name, logoUrl: typeof logoUrl === 'string' ? logoUrl : null, group: typeof group === 'string' ? group : '',
    startOver: startOver !== false, // the broadcaster may forbid start-over (and pause) on a channel
  };
}

/** The part of GET /health's `startup` the waiting screen shows: the demo lineup being made. */
export interface ServerStartup {
  demo: { state: 'preparing' | 'retrying' | 'ready'; done: number; total: number } | null;
}

function toStartup(raw: unknown): ServerStartup | null {
  if (!isRecord(raw)) return null;
  const d = raw.demo;
  if (!isRecord(d)) return { demo: null };
  const { state, done, total } = d;
  if ((state !== 'preparing' && state !== 'retrying' && state !== 'ready') || typeof done !== 'number' || typeof total !== 'number') return { demo: null };
  return { demo: { state, done, total } };
}

/** What an empty lineup's slate says: the demo lineup's progress while the server makes it. */
export function emptyLineupMessage(startup: ServerStartup | null): string {
  const demo = startup?.demo;
  if (!demo || demo.state === 'ready') return 'No channels yet';
  return demo.total > 0 ? `Preparing demo content: ${demo.done} of ${demo.total}` : 'Preparing demo content…';
}

export class ApiClient {
  private readonly opt: Required<ApiClientOptions>;

  constructor(options: ApiClientOptions) {
    this.opt = {
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      attempts: API_DEFAULTS.attempts,
      baseDelayMs: API_DEFAULTS.baseDelayMs,
      maxDelayMs: API_DEFAULTS.maxDelayMs,
      timeoutMs: API_DEFAULTS.timeoutMs,
      registerTimeoutMs: API_DEFAULTS.registerTimeoutMs,
      ...options,
    };
  }

  /** Enabled channels, by number. `revalidate`: bypass a cached copy (the lineup version changed). */
  async channels(options: { revalidate?: boolean } = {}): Promise<ChannelSummary[]> {
    const body = await this.getJson('/v1/channels', options);
    const list = isRecord(body) && Array.isArray(body.channels) ? body.channels : Array.isArray(body) ? body : null;
    if (!list) throw new ApiError('SS_TV_API_BAD_REPLY', 'GET /v1/channels: expected {channels: [...]}');
    return list.map(toChannel).filter((c): c is ChannelSummary => c !== null).sort((a, b) => a.number - b.number);
  }

  /** Current and next program of one channel. */
  async channelNow(channelId: string, options: { revalidate?: boolean } = {}): Promise<ChannelNow> {
    const body = await this.getJson(`/v1/channels/${encodeURIComponent(channelId)}/now`, options);
    if (!isRecord(body) || !isRecord(body.channel) || typeof body.serverTimeMs !== 'number' || !('current' in body)) {
      throw new ApiError('SS_TV_API_BAD_REPLY', `GET /v1/channels/${channelId}/now: not a ChannelNow`);
    }
    return body as unknown as ChannelNow;
  }

  /**
   * One uncached clock sample from GET /health: the server's time and the local times around the
   * request (the caller's clock). Null when the API does not answer.
   */
  async timeSample(localNow: () => number): Promise<{ serverTimeMs: number; t0: number; t3: number } | null> {
    try {
      const t0 = localNow();
      const res = await this.opt.fetch(this.opt.baseUrl + '/health', { cache: 'no-store', headers: { accept: 'application/json' } });
      const t3 = localNow();
      const body: unknown = await res.json();
      if (!isRecord(body) || typeof body.serverTimeMs !== 'number') return null;
      return { serverTimeMs: body.serverTimeMs, t0, t3 };
    } catch {
      return null;
    }
  }

  /** What the server is still doing after its first start (GET /health `startup`); null when unknown. */
  async startup(): Promise<ServerStartup | null> {
    try {
      const res = await this.opt.fetch(this.opt.baseUrl + '/health', { cache: 'no-store', headers: { accept: 'application/json' } });
      const body: unknown = await res.json();
      return isRecord(body) ? toStartup(body.startup) : null;
    } catch {
      return null;
    }
  }

  /** A new device identity (POST /v1/devices): one attempt within registerTimeoutMs; rejects with an ApiError. */
  async registerDevice(): Promise<DeviceIdentity> {
    const path = '/v1/devices';
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.opt.registerTimeoutMs);
    try {
      const res = await this.opt.fetch(this.opt.baseUrl + path, { method: 'POST', cache: 'no-store', signal: controller.signal, headers: { accept: 'application/json' } });
      if (res.status !== 201) throw new ApiError('SS_TV_API_STATUS', `POST ${path}: HTTP ${res.status}`, res.status);
      const identity = parseDeviceIdentity(await res.json().catch(() => null));
      if (!identity) throw new ApiError('SS_TV_API_BAD_REPLY', `POST ${path}: not a device identity`, res.status);
      return identity;
    } catch (err) {
      throw err instanceof ApiError ? err : new ApiError('SS_TV_API_UNREACHABLE', `POST ${path}: ${(err as Error).message}`);
    } finally {
      clearTimeout(timer);
    }
  }

  /** GET with retries; 4xx answers (other than 408/429) are final. */
  async getJson(path: string, options: { revalidate?: boolean } = {}): Promise<unknown> {
    let lastError: ApiError = new ApiError('SS_TV_API_UNREACHABLE', `GET ${path}: not tried`);
    for (let attempt = 0; attempt < this.opt.attempts; attempt++) {
      if (attempt > 0) await this.opt.sleep(Math.min(this.opt.maxDelayMs, this.opt.baseDelayMs * 2 ** (attempt - 1)));
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), this.opt.timeoutMs);
      try {
        const init: RequestInit = { signal: controller.signal, headers: { accept: 'application/json' } };
        if (options.revalidate) init.cache = 'no-cache'; // ask the server (ETag: a 304 is cheap)
        const res = await this.opt.fetch(this.opt.baseUrl + path, init);
        if (res.ok) {
          try {
            return await res.json();
          } catch {
            throw new ApiError('SS_TV_API_BAD_REPLY', `GET ${path}: invalid JSON`, res.status);
          }
        }
        lastError = new ApiError('SS_TV_API_STATUS', `GET ${path}: HTTP ${res.status}`, res.status);
        if (res.status < 500 && res.status !== 408 && res.status !== 429) throw lastError;
      } catch (err) {
        if (err instanceof ApiError && (err.code === 'SS_TV_API_BAD_REPLY' || (err.status !== null && err.status < 500 && err.status !== 408 && err.status !== 429))) throw err;
        lastError = err instanceof ApiError ? err : new ApiError('SS_TV_API_UNREACHABLE', `GET ${path}: ${(err as Error).message}`);
      } finally {
        clearTimeout(timer);
      }
    }
    throw lastError;
  }
}
