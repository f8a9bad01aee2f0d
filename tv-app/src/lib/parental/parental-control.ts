// The device's parental control: a limit (the highest minimum age allowed, or none) and a 4-digit PIN
// kept only as a salted hash in the device's storage. A program rated above the limit is locked
// (picture and sound) unless the PIN unlocked it, which holds until that program ends. Three wrong
// PINs in a row lock PIN entry for a minute, kept in storage so a reload does not lift it. Changing
// the limit needs the PIN (the first limit set chooses it). Time is passed in; nothing here renders.
import { ratingLabel, ratingMinAge, type Rating } from '../../core/rating.js';
import type { KeyValueStore } from '../remote/channel-nav.js';
import { sha256Hex } from '../util/sha256.js';
import { readItem, writeItem } from '../util/safe-storage.js';

export const PARENTAL_DEFAULTS = {
  settingsKey: 'streamsync.parental.lock', // {limit, salt, pinHash}
  lockoutKey: 'streamsync.parental.lockout', // {wrong, untilMs}
  pinLength: 4, // digits
  maxWrongPins: 3, // wrong PINs in a row before entry locks
  lockoutMs: 60_000, // milliseconds PIN entry stays locked after them
  hashRounds: 1_000, // SHA-256 rounds over salt and PIN
};

/** The limits a viewer can choose: the highest minimum age allowed (years); null: no limit. */
export const PARENTAL_LIMITS: readonly (number | null)[] = [null, 0, 7, 10, 13, 14, 16, 17, 18];

/** What the PIN check said. */
export type PinResult =
  | { ok: true }
  | { ok: false; reason: 'wrong'; triesLeft: number }
  | { ok: false; reason: 'lockedOut'; untilMs: number }
  | { ok: false; reason: 'malformed' };

/** A program as the lock sees it (an airing of the wire). */
export interface RatedProgram {
  id: string;
  endMs: number;
  title?: string;
  rating?: Rating;
}

interface Stored {
  limit: number | null;
  salt: string;
  pinHash: string;
}

export interface ParentalControlOptions {
  storage: KeyValueStore | null;
  /** Random salt for a new PIN (hex). */
  salt: () => string;
}

export function limitLabel(limit: number | null): string {
  return limit === null ? 'Off' : limit === 0 ? 'All ages only' : `Up to ${limit}+`;
}

/** A fresh 128-bit salt from the platform's random source. */
export function randomSalt(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export class ParentalControl {
  /** Programs the PIN unlocked: id -> end (the unlock lapses with the program). */
  private readonly unlocked = new Map<string, number>();
  /** What a throwing storage could not keep, for this session. */
  private memory: { stored: Stored | null; lockout: { wrong: number; untilMs: number } | null } = { stored: null, lockout: null };

  constructor(private readonly opt: ParentalControlOptions) {}

  /** The highest minimum age allowed, or null for no limit. */
  get limit(): number | null {
    return this.stored()?.limit ?? null;
  }

  get hasPin(): boolean {
    return this.stored() !== null;
  }

  /** Whether `program` must not be seen or heard at `nowMs` (the schedule's time: an unlock lasts until the program's end). */
  locks(program: RatedProgram | null, nowMs: number): boolean {
    const limit = this.limit;
    if (!program?.rating || limit === null || ratingMinAge(program.rating) <= limit) return false;
    const until = this.unlocked.get(program.id);
    if (until !== undefined && nowMs < until) return false;
    if (until !== undefined) this.unlocked.delete(program.id);
    return true;
  }

  /** When PIN entry is locked until (ms), or null when it is open. */
  lockedOutUntil(nowMs: number): number | null {
    const l = this.lockout();
    return l && l.untilMs > nowMs ? l.untilMs : null;
  }

  /** The PIN unlocks `program` until it ends. */
  unlock(program: RatedProgram, pin: string, nowMs: number): PinResult {
    const result = this.check(pin, nowMs);
    if (result.ok) this.unlocked.set(program.id, program.endMs);
    return result;
  }

  /**
   * Sets the limit. With a PIN set, `pin` must match; without one, `pin` becomes the PIN (4 digits).
   * A limit of null keeps the PIN (the next limit needs it).
   */
  setLimit(limit: number | null, pin: string, nowMs: number): PinResult {
    if (!PARENTAL_LIMITS.includes(limit)) return { ok: false, reason: 'malformed' };
    const stored = this.stored();
    if (stored) {
      const result = this.check(pin, nowMs);
      if (result.ok) this.save({ ...stored, limit });
      return result;
    }
    if (!isPin(pin)) return { ok: false, reason: 'malformed' };
    const salt = this.opt.salt();
    this.save({ limit, salt, pinHash: hashPin(pin, salt) });
    this.unlocked.clear();
    return { ok: true };
  }

  /** A PIN against the stored hash; wrong ones count towards the lockout. */
  private check(pin: string, nowMs: number): PinResult {
    const until = this.lockedOutUntil(nowMs);
    if (until !== null) return { ok: false, reason: 'lockedOut', untilMs: until };
    if (!isPin(pin)) return { ok: false, reason: 'malformed' };
    const stored = this.stored();
    if (!stored || hashPin(pin, stored.salt) === stored.pinHash) {
      this.saveLockout({ wrong: 0, untilMs: 0 });
      return { ok: true };
    }
    const wrong = (this.lockout()?.wrong ?? 0) + 1;
    if (wrong >= PARENTAL_DEFAULTS.maxWrongPins) {
      const untilMs = nowMs + PARENTAL_DEFAULTS.lockoutMs;
      this.saveLockout({ wrong: 0, untilMs });
      return { ok: false, reason: 'lockedOut', untilMs };
    }
    this.saveLockout({ wrong, untilMs: 0 });
    return { ok: false, reason: 'wrong', triesLeft: PARENTAL_DEFAULTS.maxWrongPins - wrong };
  }

  /**
   * The stored settings: read once, then kept with every write of this app (the page asks every frame,
   * and a storage read there costs a set-top box's main thread; the device memory reset leaves them).
   */
  private stored(): Stored | null {
    if (this.memory.stored) return this.memory.stored;
    this.cached ??= { value: parseStored(readItem(this.opt.storage, PARENTAL_DEFAULTS.settingsKey)) };
    return this.cached.value;
  }

  private cached: { value: Stored | null } | null = null;

  private save(stored: Stored): void {
    this.cached = { value: stored };
    if (!writeJson(this.opt.storage, PARENTAL_DEFAULTS.settingsKey, stored)) this.memory.stored = stored;
  }

  private lockout(): { wrong: number; untilMs: number } | null {
    if (this.memory.lockout) return this.memory.lockout;
    const o = parseObject(readItem(this.opt.storage, PARENTAL_DEFAULTS.lockoutKey));
    if (!o || typeof o.wrong !== 'number' || typeof o.untilMs !== 'number' || !Number.isFinite(o.wrong) || !Number.isFinite(o.untilMs)) return null;
    return { wrong: o.wrong, untilMs: o.untilMs };
  }

  private saveLockout(lockout: { wrong: number; untilMs: number }): void {
    if (!writeJson(this.opt.storage, PARENTAL_DEFAULTS.lockoutKey, lockout)) this.memory.lockout = lockout;
  }
}

/** What the lock slate says of a program: its title and rating ('Late Film · TV-MA'). */
export function lockedText(program: RatedProgram): string {
  return program.rating ? `${program.title ?? ''} · ${ratingLabel(program.rating)}` : (program.title ?? '');
}

export function isPin(pin: string): boolean {
  return new RegExp(`^[0-9]{${PARENTAL_DEFAULTS.pinLength}}$`).test(pin);
}

/** The stored form of a PIN: SHA-256 rounds over the salt, the PIN and the previous round. */
export function hashPin(pin: string, salt: string): string {
  let h = '';
  for (let i = 0; i < PARENTAL_DEFAULTS.hashRounds; i++) h = sha256Hex(`${salt}:${pin}:${h}`);
  return h;
}

function parseStored(raw: string | null): Stored | null {
  const o = parseObject(raw);
  if (!o) return null;
  const limit = o.limit === null || (typeof o.limit === 'number' && PARENTAL_LIMITS.includes(o.limit)) ? (o.limit as number | null) : undefined;
  if (limit === undefined || typeof o.salt !== 'string' || typeof o.pinHash !== 'string' || !/^[0-9a-f]{64}$/.test(o.pinHash)) return null;
  return { limit, salt: o.salt, pinHash: o.pinHash };
}

function parseObject(raw: string | null): Record<string, unknown> | null {
  if (raw === null) return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function writeJson(storage: KeyValueStore | null, key: string, value: object): boolean {
  return writeItem(storage, key, JSON.stringify(value));
}
