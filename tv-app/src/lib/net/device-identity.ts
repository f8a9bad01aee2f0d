// The TV's device identity: an id and token from POST /v1/devices, kept in the device's storage
// (`streamsync.device`), and the broker session's credentials made from it: client id
// `<device id>-<6 hex of this page>` (each page or tab its own connection), username the device id,
// password the token. The broker admits a device's client ids only with its token, so nobody can
// take this TV's connection over by reusing its client id.
// - No identity kept: the first CONNECT waits for one registration attempt (started at boot, beside
//   the other boot requests); if it fails the TV connects anonymously as before and registers again
//   when the connection next comes up or goes down (not more often than retryAfterFailureMs).
// - Credentials refused by the broker (a key change on the server): the identity is forgotten and
//   registered again once; refused again, this page stays anonymous. The TV never stops playing for it.
import type { KeyValueStore } from '../remote/channel-nav.js';
import { forgetItem, readItem, writeItem } from '../util/safe-storage.js';
import type { SessionCredentials, SessionIdentity } from './broker-session.js';

export const DEVICE_IDENTITY_DEFAULTS = {
  storageKey: 'streamsync.device',
  tabSuffixHexDigits: 6, // hex digits of this page's client id suffix
  anonymousHexDigits: 16, // hex digits of an anonymous client id ("tv-" and these)
  retryAfterFailureMs: 30_000, // milliseconds before registering again after a failed attempt
};

export interface DeviceIdentity {
  id: string;
  token: string;
  /** The device's name in chat, as the server gave it; null when it did not. */
  name: string | null;
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** A device identity from the API's reply or from storage; null when not one. */
export function parseDeviceIdentity(raw: unknown): DeviceIdentity | null {
  if (!isRecord(raw)) return null;
  const { id, token, name } = raw;
  if (typeof id !== 'string' || !/^d[0-9a-f]{24}$/.test(id)) return null;
  if (typeof token !== 'string' || !/^[A-Za-z0-9_-]{16,128}$/.test(token)) return null;
  return { id, token, name: typeof name === 'string' && name.length > 0 && name.length <= 32 ? name : null };
}

export interface IdentityStore extends KeyValueStore {
  removeItem(key: string): void;
}

export interface DeviceIdentityKeeperOptions {
  /** The device's storage (null: none; the identity holds for this page only). */
  storage: IdentityStore | null;
  /** One registration attempt (POST /v1/devices); rejects when it fails. */
  register: () => Promise<DeviceIdentity>;
  /** `digits` random lower-case hex digits. */
  randomHex: (digits: number) => string;
  /** Local clock, ms. */
  clock: () => number;
  retryAfterFailureMs?: number;
}

export class DeviceIdentityKeeper implements SessionIdentity {
  private identity: DeviceIdentity | null;
  private registering: Promise<void> | null = null;
  private failedAt: number | null = null;
  private registeredAfterRefusal = false;
  private anonymousOnly = false;
  private readonly tab: string;
  private readonly anonymousId: string;
  private readonly retryAfterFailureMs: number;

  constructor(private readonly opt: DeviceIdentityKeeperOptions) {
    this.identity = this.read();
    this.tab = opt.randomHex(DEVICE_IDENTITY_DEFAULTS.tabSuffixHexDigits);
    this.anonymousId = `tv-${opt.randomHex(DEVICE_IDENTITY_DEFAULTS.anonymousHexDigits)}`;
    this.retryAfterFailureMs = opt.retryAfterFailureMs ?? DEVICE_IDENTITY_DEFAULTS.retryAfterFailureMs;
  }

  /** The identity this page connects with (null: anonymous). */
  get current(): DeviceIdentity | null {
    return this.anonymousOnly ? null : this.identity;
  }

  credentials(): SessionCredentials {
    const d = this.current;
    return d ? { clientId: `${d.id}-${this.tab}`, username: d.id, password: d.token, name: d.name } : { clientId: this.anonymousId, name: null };
  }

  ready(): Promise<void> | null {
    return this.current !== null || this.anonymousOnly ? null : this.register();
  }

  refresh(): void {
    if (this.current !== null || this.anonymousOnly || this.registering) return;
    if (this.failedAt !== null && this.opt.clock() - this.failedAt < this.retryAfterFailureMs) return;
    void this.register();
  }

  async refused(used: SessionCredentials): Promise<boolean> {
    if (used.username === undefined || this.anonymousOnly) return false; // anonymous: nothing of ours to change
    if (this.identity !== null && this.identity.token !== used.password) return true; // replaced meanwhile
    this.forget();
    if (this.registeredAfterRefusal) {
      this.anonymousOnly = true; // a fresh identity was refused too: this page stays anonymous
      return true;
    }
    this.registeredAfterRefusal = true;
    await this.register();
    return true;
  }

  /** Forgets the kept identity (here and in storage); the next question registers a new one. */
  forget(): void {
    this.identity = null;
    forgetItem(this.opt.storage, DEVICE_IDENTITY_DEFAULTS.storageKey);
  }

  /** One registration at a time; never rejects (a failure is remembered for the retry interval). */
  private register(): Promise<void> {
    if (this.registering) return this.registering;
    const attempt = this.opt.register().then(
      (d) => {
        this.identity = d;
        this.failedAt = null;
        writeItem(this.opt.storage, DEVICE_IDENTITY_DEFAULTS.storageKey, JSON.stringify(d));
      },
      () => {
        this.failedAt = this.opt.clock();
      },
    );
    this.registering = attempt.finally(() => {
      this.registering = null;
    });
    return this.registering;
  }

  private read(): DeviceIdentity | null {
    const raw = readItem(this.opt.storage, DEVICE_IDENTITY_DEFAULTS.storageKey);
    if (raw === null) return null;
    try {
      return parseDeviceIdentity(JSON.parse(raw));
    } catch {
      return null;
    }
  }
}
