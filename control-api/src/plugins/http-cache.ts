// Short-lived HTTP caching for lineup, EPG and "now" answers: an ETag the route computes cheaply
// from the lineup version (no hashing of bodies), a short max-age from settings, and 304 when the
// client's If-None-Match already holds that ETag.
import type { FastifyReply, FastifyRequest } from 'fastify';

/** True when an If-None-Match header lists this ETag (weak comparison, as RFC 9110 asks for GET). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const bare = etag.replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === bare);
}

/**
 * Sets ETag and Cache-Control; answers 304 and returns true when the client is up to date.
 * Usage: `if (notModified(request, reply, etag, maxAge)) return reply; return body;`
 */
export function notModified(request: FastifyRequest, reply: FastifyReply, etag: string, maxAgeSeconds: number): boolean {
  reply.header('etag', etag);
  reply.header('cache-control', `public, max-age=${maxAgeSeconds}`);
  if (etagMatches(request.headers['if-none-match'], etag)) {
    reply.code(304).send();
    return true;
  }
  return false;
}

/** FNV-1a 32-bit hash of a string, hex: a cheap fingerprint for ETags built from ids. */
export function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16);
}
