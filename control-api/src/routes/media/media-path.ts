// Maps a request URL under /media/ to a regular file inside the media folder, and nothing else.
//
// Two independent walls:
// 1. Syntax (parseMediaPath): the raw URL path is decoded once, strictly. Encoded slashes, backslashes,
//    NULs and percent signs (double encoding), control characters, empty, `.` and `..` segments are
//    refused with 400; hidden names (a segment starting with `.`, such as a publish in progress) and
//    directories are 404.
// 2. File system (openMediaFile): the candidate's real path (symlinks resolved) must lie inside the
//    media folder's real path; the file is opened without following a final symlink and must be a
//    regular file. Anything else is 404, never 500.
import { constants } from 'node:fs';
import { open, realpath, type FileHandle } from 'node:fs/promises';
import { join, sep } from 'node:path';
import type { Stats } from 'node:fs';
import { MediaErrors } from './errors.js';

export const MEDIA_PATH_LIMITS = {
  maxPathChars: 1024, // characters of the encoded path after the prefix
  maxSegments: 16, // folder depth
};

/** Decodes the path of `rawUrl` after `prefix` into safe segments, or throws a coded 400/404. */
export function parseMediaPath(rawUrl: string, prefix: string): string[] {
  const queryAt = rawUrl.search(/[?#]/);
  const path = queryAt === -1 ? rawUrl : rawUrl.slice(0, queryAt);
  if (!path.startsWith(prefix)) throw new MediaErrors.BadPath('outside the media prefix');
  const encoded = path.slice(prefix.length);
  if (encoded.length > MEDIA_PATH_LIMITS.maxPathChars) throw new MediaErrors.BadPath('too long');
  if (/%(2f|5c|00|25)/i.test(encoded)) throw new MediaErrors.BadPath('encoded slash, backslash, NUL or percent sign');
  let decoded: string;
  try {
    decoded = decodeURIComponent(encoded);
  } catch {
    throw new MediaErrors.BadPath('malformed percent-encoding');
  }
  // eslint-disable-next-line no-control-regex
  if (/[\\\u0000-\u001f\u007f]/.test(decoded)) throw new MediaErrors.BadPath('backslash or control character');
  if (decoded === '' || decoded.endsWith('/')) throw new MediaErrors.NotFound(); // folders are never listed
  const segments = decoded.split('/');
  if (segments.length > MEDIA_PATH_LIMITS.maxSegments) throw new MediaErrors.BadPath('too deep');
  for (const segment of segments) {
    if (segment === '') throw new MediaErrors.BadPath('empty path segment');
    if (segment === '.' || segment === '..') throw new MediaErrors.BadPath('dot segment');
  }
  if (segments.some((segment) => segment.startsWith('.'))) throw new MediaErrors.NotFound();
  return segments;
}

export interface OpenedMediaFile {
  handle: FileHandle;
  stats: Stats;
  /** Real path of the file (inside the media folder). */
  realPath: string;
}

const MISSING = new Set(['ENOENT', 'ENOTDIR', 'ELOOP', 'ENAMETOOLONG', 'EACCES', 'EPERM', 'EISDIR', 'EINVAL']);

function isMissing(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'code' in err && MISSING.has(String(err.code));
}

/** Whether `candidate` lies below `root` (both real, absolute paths). */
export function isInside(root: string, candidate: string): boolean {
  const base = root.endsWith(sep) ? root : root + sep;
  return candidate.startsWith(base);
}

/**
 * Opens the regular file at `segments` under `mediaDir`, refusing anything whose real path leaves
 * the media folder. Throws MediaErrors.NotFound for every kind of miss; the caller owns the handle.
 */
export async function openMediaFile(mediaDir: string, segments: string[]): Promise<OpenedMediaFile> {
  let realRoot: string;
  let realPath: string;
  try {
    realRoot = await realpath(mediaDir);
    realPath = await realpath(join(mediaDir, ...segments));
  } catch (err) {
    if (isMissing(err)) throw new MediaErrors.NotFound();
    throw err;
  }
  if (!isInside(realRoot, realPath)) throw new MediaErrors.NotFound();

  let handle: FileHandle;
  try {
    handle = await open(realPath, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (err) {
    if (isMissing(err)) throw new MediaErrors.NotFound();
    throw err;
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new MediaErrors.NotFound();
    return { handle, stats, realPath };
  } catch (err) {
    await handle.close();
    throw err;
  }
}
