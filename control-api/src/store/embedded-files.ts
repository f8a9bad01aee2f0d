// Opening one NeDB datafile safely.
//
// NeDB appends one line per written document and rewrites the file atomically (temp file, fsync,
// rename) when it compacts. A process killed in the middle of an append can leave a torn last line:
// that line is dropped on open (the write it belonged to never completed, so the previous version of
// that document, on an earlier line, still stands). Any other damaged line is real corruption: the
// store refuses to open (corruptAlertThreshold 0) and says which file, instead of silently dropping data.
import { chmod, mkdir, open } from 'node:fs/promises';
import Datastore from '@seald-io/nedb';
import type { Logger } from '../contracts/logger.js';
import { StoreCorruptError } from './store-guards.js';

/** The store's files and folder are the server's alone: they hold the lineup, chat and jobs. */
export const DATA_MODES = { file: 0o600, dir: 0o700 };

/** Creates the data folder (and parents) or takes an existing one, readable by its owner only. */
export async function ensurePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: DATA_MODES.dir });
  await chmod(dir, DATA_MODES.dir);
}

const NEWLINE = 0x0a;
const SCAN_CHUNK_BYTES = 64 * 1024; // bytes read per step while looking for the last newline

/**
 * NeDB splits datafile lines on every Unicode line boundary (U+0085, U+2028, U+2029 too), but
 * JSON.stringify leaves those characters raw inside strings. Escaping them keeps a title such as
 * "a\u2028b" on one line. Only string contents can hold them, so the escape is valid JSON and
 * JSON.parse restores the original text: deserialization needs no inverse step.
 */
export function escapeLineBreaks(line: string): string {
  return line.replace(/[\u0085\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function isCompleteDocument(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null;
  } catch {
    return false;
  }
}

/**
 * Drops a torn last line (bytes after the last newline that do not form a document).
 * Returns the number of bytes removed (0 when the file was intact or missing).
 */
export async function repairTornTail(file: string): Promise<number> {
  let handle;
  try {
    handle = await open(file, 'r+');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
  try {
    const { size } = await handle.stat();
    if (size === 0) return 0;
    const lastByte = Buffer.alloc(1);
    await handle.read(lastByte, 0, 1, size - 1);
    if (lastByte[0] === NEWLINE) return 0;

    let tailStart = 0;
    for (let end = size; end > 0; ) {
      const start = Math.max(0, end - SCAN_CHUNK_BYTES);
      const chunk = Buffer.alloc(end - start);
      await handle.read(chunk, 0, chunk.length, start);
      const at = chunk.lastIndexOf(NEWLINE);
      if (at >= 0) {
        tailStart = start + at + 1;
        break;
      }
      end = start;
    }
    const tail = Buffer.alloc(size - tailStart);
    await handle.read(tail, 0, tail.length, tailStart);
    if (isCompleteDocument(tail.toString('utf8'))) return 0; // complete, merely unterminated
    await handle.truncate(tailStart);
    await handle.sync();
    return size - tailStart;
  } finally {
    await handle.close();
  }
}

interface NedbCorruption {
  corruptItems: number;
  dataLength: number;
}

function isCorruption(err: unknown): err is Error & NedbCorruption {
  return err instanceof Error && typeof (err as Partial<NedbCorruption>).corruptItems === 'number';
}

/** Opens (and loads) one datafile; a torn last line is repaired, other damage is StoreCorruptError. */
export async function openDatafile<T extends Record<string, unknown>>(
  file: string,
  { logger }: { logger: Logger },
): Promise<Datastore<T>> {
  const dropped = await repairTornTail(file);
  if (dropped > 0) {
    logger.warn({ code: 'SS_STORE_TORN_LINE', file, droppedBytes: dropped }, `${file}: dropped a torn last line (${dropped} bytes) left by an interrupted write`);
  }
  const db = new Datastore<T>({
    filename: file,
    corruptAlertThreshold: 0,
    afterSerialization: escapeLineBreaks,
    beforeDeserialization: (line: string) => line,
  });
  try {
    await db.loadDatabaseAsync();
  } catch (err) {
    if (isCorruption(err)) {
      throw new StoreCorruptError(
        `${file}: ${err.corruptItems} of ${err.dataLength} lines are damaged; refusing to open the store ` +
          'rather than lose data (restore the file from a backup, or remove the damaged lines)',
        file,
      );
    }
    throw err;
  }
  // NeDB writes with the process's default mode, and its load rewrites the file (as compactions do:
  // EmbeddedStore.compactDirty sets the mode again).
  await chmod(file, DATA_MODES.file);
  return db;
}
