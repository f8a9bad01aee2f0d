// Maps a request URL under /media/ to a regular file inside the media folder, and nothing else.
//
// Two independent walls:
// 1. Syntax (parseMediaPath): the raw URL path is decoded once, strictly. Encoded slashes, backslashes,
//    NULs and percent signs (double encoding), control characters, empty, `.` and `..` segments are
//    refused with 400; hidden names (a segment starting with `.`, such as a publish in progress) and
//    directories are 404.
// 2. File system (resolveMediaFile): the candidate's real path (symlinks resolved) must lie inside the
//    media folder's real path, name no hidden folder or file there, and be a regular file. Anything
//    else is 404, never 500.
import { realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
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

export interface MediaFile {
  /** Real path of the media folder. */
  root: string;
  /** The file's real path below `root`, `/`-separated with a leading `/` (what `reply.sendFile` takes). */
  path: string;
  stats: Stats;
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
 * Finds the regular file at `segments` under `mediaDir`, refusing anything whose real path leaves
 * the media folder or passes through a hidden name (a link into a publish in progress). Throws
 * MediaErrors.NotFound for every kind of miss. The answer names the real path, so the file served is
 * the one checked unless the media folder itself is changed in between (only the pipeline writes it,
 * by renaming whole folders in).
 */
export async function resolveMediaFile(mediaDir: string, segments: string[]): Promise<MediaFile> {
  let root: string;
  let realPath: string;
  let stats: Stats;
  try {
    root = await realpath(mediaDir);
    realPath = await realpath(join(mediaDir, ...segments));
    stats = await stat(realPath);
  } catch (err) {
    if (isMissing(err)) throw new MediaErrors.NotFound();
    throw err;
  }
  if (!isInside(root, realPath) || !stats.isFile()) throw new MediaErrors.NotFound();
  const inside = relative(root, realPath).split(sep);
  if (inside.some((segment) => segment.startsWith('.'))) throw new MediaErrors.NotFound();
  return { root, path: `/${inside.join('/')}`, stats };
}
