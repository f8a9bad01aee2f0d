// How domain documents are kept in NeDB: the domain id doubles as _id, stripped again on the way out.
export type Stored<T> = T & { _id: string };

/** What a write needs: the mutex section to run in and the datafile to mark for compaction. */
export interface Compactable {
  compactDatafileAsync(): Promise<void>;
  /** The datafile's path (NeDB's `filename`; null in memory). */
  readonly filename?: string | null;
}

export interface WriteContext {
  /** Runs a read-modify-write section alone (one mutex for the whole store). */
  serial<T>(task: () => Promise<T>): Promise<T>;
  /** Awaits a write and marks its datafile for the next compaction. */
  write<T>(file: Compactable, op: Promise<T>): Promise<T>;
}

export function strip<T>(doc: Stored<T>): T {
  const { _id, ...rest } = doc;
  void _id;
  return rest as T;
}

export function stored<T extends { id: string }>(doc: T): Stored<T> & Record<string, unknown> {
  return { ...doc, _id: doc.id };
}

export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
