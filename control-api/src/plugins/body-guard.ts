// Request bodies are read only where a route takes one. A route without a body schema (every GET,
// OPTIONS, the media origin, an unknown URL) never parses what a client sends: the body is left
// unread (Node discards it) and the route answers as it would without one, so a megabyte of nested
// JSON sent to `OPTIONS /media/x` costs the bytes, not a parse. Routes with a body parse JSON only
// after their onRequest hooks (authentication), and refuse JSON nested deeper than
// `services.http.jsonMaxDepth` with a coded 400 before JSON.parse builds it. A body must arrive whole
// within `services.http.requestTimeoutMs` of the request (Node's own requestTimeout covers the headers
// only once a handler reads the body): a client trickling bytes gets a 408 and its socket is closed.
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Errors } from '../errors.js';

/** Deepest nesting of arrays and objects in a JSON text (strings skipped); stops counting past `limit`. */
export function jsonDepth(text: string, limit = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return deepest;
}

function takesBody(request: FastifyRequest): boolean {
  return !request.is404 && request.routeOptions.schema?.body !== undefined;
}

const TIMED_OUT = 'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Type: application/json\r\n';

export interface BodyGuardOptions {
  jsonMaxDepth: number;
  requestTimeoutMs: number;
}

export const bodyGuard = fp(
  async (app: FastifyInstance, options: BodyGuardOptions) => {
    app.addHook('onRequest', async (request, reply) => {
      if (takesBody(request)) {
        const raw = request.raw;
        if (raw.readableEnded) return;
        const timer = setTimeout(() => {
          const socket = raw.socket;
          const body = JSON.stringify({ statusCode: 408, code: 'SS_REQUEST_TIMEOUT', message: `The request did not arrive whole within ${options.requestTimeoutMs} ms` });
          socket.end(`${TIMED_OUT}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
        }, options.requestTimeoutMs);
        const clear = () => clearTimeout(timer);
        raw.once('end', clear); // the body arrived
        reply.raw.once('finish', clear); // answered without it (a refused key, an error)
        raw.once('close', clear);
        return;
      }
      // No parser runs for a request with neither a content type nor a length (Fastify's rule).
      const headers = request.raw.headers;
      delete headers['content-type'];
      delete headers['transfer-encoding'];
      delete headers['content-length'];
    });
    const parseJson = app.getDefaultJsonParser('error', 'error');
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
      const text = typeof body === 'string' ? body : body.toString('utf8');
      if (jsonDepth(text, options.jsonMaxDepth) > options.jsonMaxDepth) {
        done(new Errors.BodyTooDeep(options.jsonMaxDepth), undefined);
        return;
      }
      parseJson(request, text, done);
    });
  },
  { name: 'body-guard' },
);
