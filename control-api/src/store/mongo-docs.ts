// How domain documents are kept in MongoDB: the domain id doubles as _id, left out on the way out;
// a duplicate key becomes the port's StoreConflictError naming the field.
import { MongoServerError } from 'mongodb';
import { StoreConflictError } from '../contracts/lineup-store.js';

export type Stored<T> = T & { _id: string };

export const DUPLICATE_KEY = 11000;
export const WITHOUT_ID = { projection: { _id: 0 } } as const;

export function stored<T extends { id: string }>(doc: T): Stored<T> {
  return { ...doc, _id: doc.id };
}

/**
 * A unique-index violation: MongoDB's duplicate key (11000), and FerretDB's on a replace or update
 * (code 1, "UNIQUE constraint failed" from SQLite).
 */
export function isDuplicate(err: unknown): err is MongoServerError {
  if (!(err instanceof MongoServerError)) return false;
  return err.code === DUPLICATE_KEY || (err.code === 1 && /UNIQUE constraint failed/i.test(err.message));
}

/**
 * Throws the port's StoreConflictError for a duplicate (else `err` itself). The clashing field is the
 * server's `keyPattern` where it names one (MongoDB); FerretDB names none, so `which` (a lookup of what
 * clashes) says, and without it the field is the id.
 */
export async function conflict(err: unknown, what: string, which?: () => Promise<'id' | 'number'>): Promise<never> {
  if (!isDuplicate(err)) throw err;
  const pattern = err.keyPattern as Record<string, unknown> | undefined;
  const field = pattern ? ('number' in pattern ? 'number' : 'id') : ((await which?.()) ?? 'id');
  throw new StoreConflictError(`${what} ${field} is already in use`, field);
}
