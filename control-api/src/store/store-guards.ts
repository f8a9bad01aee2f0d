// Small pieces both adapters share: input guards (nothing from a caller ever becomes a query
// operator), the embedded datafiles' corruption error, and a tiny in-process mutex. The errors every
// adapter's calls throw are part of the port (contracts/lineup-store.ts).
import type { Program } from '../contracts/lineup.js';
import { StoreInputError } from '../contracts/lineup-store.js';

/** A datafile is damaged beyond a torn last line; the store refuses to open rather than lose data. */
export class StoreCorruptError extends Error {
  readonly code = 'SS_STORE_CORRUPT';
  constructor(
    message: string,
    readonly file: string,
  ) {
    super(message);
    this.name = 'StoreCorruptError';
  }
}

/** Throws unless `value` is a non-empty string (ids are matched by equality only). */
export function assertId(value: unknown, what: string): asserts value is string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new StoreInputError(`${what}: expected a non-empty string id, got ${typeof value}`);
  }
}

/** Throws unless `value` is a plain string. */
export function assertString(value: unknown, what: string): asserts value is string {
  if (typeof value !== 'string') throw new StoreInputError(`${what}: expected a string, got ${typeof value}`);
}

/** Throws unless `value` is a finite number. */
export function assertNumber(value: unknown, what: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new StoreInputError(`${what}: expected a finite number, got ${String(value)}`);
  }
}

/** Throws unless `value` is a non-null object (a document to store). */
export function assertDocument(value: unknown, what: string): asserts value is object {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new StoreInputError(`${what}: expected a document object`);
  }
}

/** A copy of `program` after checking its ids and times (and, when given, that it is on `channelId`). */
export function checkedProgram(program: Program, channelId: string | null): Program {
  assertDocument(program, 'program');
  assertId(program.id, 'program.id');
  assertId(program.channelId, 'program.channelId');
  assertNumber(program.startMs, 'program.startMs');
  assertNumber(program.endMs, 'program.endMs');
  if (channelId !== null && program.channelId !== channelId) {
    throw new StoreInputError(`program ${program.id} belongs to channel ${program.channelId}, not ${channelId}`);
  }
  return { ...program };
}

/** Runs async tasks one after the other (read-modify-write sections, leases). */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Resolves once every task queued so far has settled. */
  async drain(): Promise<void> {
    await this.tail;
  }
}
