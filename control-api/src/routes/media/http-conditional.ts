// Range and If-Range (RFC 9110 sections 14 and 13.1.5), settled before @fastify/static sees the request.
// @fastify/send answers everything else (304, 412, the 206 itself) but reads Range more loosely than
// RFC 9110: it answers 416 to a malformed Range and to a suffix longer than the file (which means the
// whole file), reads `bytes=1.5-2` or `bytes=0x10-` as numbers, and takes a weak tag or any date up to
// Last-Modified in If-Range. So the Range it receives is already decided, in canonical form.
import type { IncomingHttpHeaders } from 'node:http';

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

/** If-Range: the Range applies only if the validator still matches (strong comparison for tags). */
export function ifRangeHolds(ifRange: string, etag: string, mtimeMs: number): boolean {
  const value = ifRange.trim();
  if (value.startsWith('"') || value.startsWith('W/')) return !value.startsWith('W/') && value === etag;
  const date = Date.parse(value);
  return !Number.isNaN(date) && date === Math.floor(mtimeMs / 1000) * 1000;
}

/** The validators of the file about to be served. */
export interface FileValidators {
  size: number;
  mtimeMs: number;
  /** Strong ETag. */
  etag: string;
}

/**
 * Rewrites `headers` in place so that a plain reading of them gives RFC 9110's answer: If-Range is
 * evaluated and removed (with the Range when it fails); a Range to ignore is removed; a satisfiable
 * one becomes `bytes=first-last` inside the file, an unsatisfiable one `bytes=size-`.
 */
export function settleRange(headers: IncomingHttpHeaders, file: FileValidators): void {
  const ifRangeValue = headers['if-range'];
  const ifRange = Array.isArray(ifRangeValue) ? ifRangeValue.join(', ') : ifRangeValue;
  delete headers['if-range'];
  if (ifRange !== undefined && !ifRangeHolds(ifRange, file.etag, file.mtimeMs)) {
    delete headers.range;
    return;
  }
  const range = decideRange(headers.range, file.size);
  if (range.kind === 'full') delete headers.range;
  else if (range.kind === 'partial') headers.range = `bytes=${range.start}-${range.end}`;
  else headers.range = `bytes=${file.size}-`;
}
