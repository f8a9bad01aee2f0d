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

export function conflict(err: unknown, what: string): never {
  if (err instanceof MongoServerError && err.code === DUPLICATE_KEY) {
    const field = err.keyPattern && 'number' in err.keyPattern ? 'number' : 'id';
    throw new StoreConflictError(`${what} ${field} is already in use`, field);
  }
  throw err;
}
