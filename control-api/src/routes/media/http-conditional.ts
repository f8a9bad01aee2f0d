// HTTP byte ranges (RFC 9110 section 14) and conditional requests (section 13) for single files.

export type RangeDecision =
  /** Serve the whole file with 200 (no Range, or one the server may ignore). */
  | { kind: 'full' }
  /** Serve bytes [start, end] (inclusive) with 206. */
  | { kind: 'partial'; start: number; end: number }
  /** Answer 416 with a Content-Range header giving the size. */
  | { kind: 'unsatisfiable' };

const RANGE = /^bytes=(\d*)-(\d*)$/;

/**
 * Decides how to answer a Range header for a file of `size` bytes. Invalid syntax, other units and
 * multiple ranges are ignored (the whole file is sent, as RFC 9110 allows); a syntactically valid
 * range that selects no byte of the file is unsatisfiable.
 */
export function decideRange(header: string | undefined, size: number): RangeDecision {
  if (header === undefined) return { kind: 'full' };
  const match = RANGE.exec(header.trim());
  if (!match) return { kind: 'full' };
  const [, firstText = '', lastText = ''] = match;
  if (firstText === '' && lastText === '') return { kind: 'full' };
  const first = firstText === '' ? null : Number(firstText);
  const last = lastText === '' ? null : Number(lastText);
  // Very long digit strings become huge numbers or Infinity; the comparisons below still hold.
  if (first === null) {
    // Suffix range: the last `last` bytes.
    const suffix = last ?? 0;
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, size - suffix), end: size - 1 };
  }
  if (last !== null && last < first) return { kind: 'full' };
  if (first >= size) return { kind: 'unsatisfiable' };
  return { kind: 'partial', start: first, end: Math.min(last ?? size - 1, size - 1) };
}

/** If-Modified-Since: true when the file has not changed since the given HTTP date. */
export function notModifiedSince(ifModifiedSince: string, mtimeMs: number): boolean {
  const since = Date.parse(ifModifiedSince);
  if (Number.isNaN(since)) return false;
  return Math.floor(mtimeMs / 1000) * 1000 <= since;
}

/** If-Range: the Range applies only if the validator still matches (strong comparison for tags). */
export function ifRangeHolds(ifRange: string, etag: string, mtimeMs: number): boolean {
  const value = ifRange.trim();
  if (value.startsWith('"') || value.startsWith('W/')) return !value.startsWith('W/') && value === etag;
  const date = Date.parse(value);
  return !Number.isNaN(date) && date === Math.floor(mtimeMs / 1000) * 1000;
}
