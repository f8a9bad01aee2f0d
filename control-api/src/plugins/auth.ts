// Broadcaster authentication. A route opts in with `config: { auth: 'broadcaster' }`; an onRoute
// hook then adds the key check as the route's first onRequest hook (before the body is even
// parsed), so a wrong or missing key is a 401 and nothing is read or changed.
import fp from 'fastify-plugin';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import { Errors } from '../errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** 'broadcaster': the route needs `Authorization: Bearer <broadcaster key>`. */
    auth?: 'broadcaster';
  }
}

/** Name of the OpenAPI security scheme the docs plugin declares. */
export const BEARER_SCHEME = 'broadcasterKey';

/** The digest a secret is compared by (bearerMatches): a fixed length, so the comparison is constant-time. */
export const secretDigest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/** The token of an `Authorization: Bearer <token>` header, or null (absent, malformed or over 1 KiB). */
export function bearerToken(header: string | undefined): string | null {
  if (typeof header !== 'string' || header.length > 1024) return null;
  return /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] ?? null;
}

/** True when the Authorization header carries exactly the key (constant-time comparison). */
export function bearerMatches(header: string | undefined, expectedDigest: Buffer): boolean {
  const presented = bearerToken(header);
  if (!presented) return false;
  return timingSafeEqual(secretDigest(presented), expectedDigest);
}

export const authPlugin = fp(
  async (app: FastifyInstance) => {
    const expected = secretDigest(app.apiKey);
    const requireBroadcaster = async (request: FastifyRequest, reply: FastifyReply) => {
      if (!bearerMatches(request.headers.authorization, expected)) {
        reply.header('www-authenticate', 'Bearer realm="StreamSync TV"');
        throw new Errors.Unauthorized();
      }
    };
    app.addHook('onRoute', (route) => {
      if (route.config?.auth !== 'broadcaster') return;
      const existing = route.onRequest ? (Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest]) : [];
      route.onRequest = [requireBroadcaster as onRequestHookHandler, ...existing];
      if (route.schema) route.schema = { ...route.schema, security: [{ [BEARER_SCHEME]: [] }] } as typeof route.schema;
    });
  },
  { name: 'auth' },
);
