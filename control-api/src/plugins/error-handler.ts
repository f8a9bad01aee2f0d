// One error handler shapes every error reply as {statusCode, code, message}. Validation failures are
// 400 SS_BAD_REQUEST; anything unexpected is logged and answered 500 without internals.
import fp from 'fastify-plugin';
import type { FastifyError, FastifyInstance } from 'fastify';

export const errorHandler = fp(async (app: FastifyInstance) => {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.validation) {
      return reply.code(400).send({ statusCode: 400, code: 'SS_BAD_REQUEST', message: error.message });
    }
    const store = storeErrorReply(error);
    if (store) {
      if (store.statusCode >= 500) request.log.error({ err: error }, 'store failed');
      return reply.code(store.statusCode).send(store);
    }
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      if (!error.code?.startsWith('SS_')) {
        return reply.code(500).send({ statusCode: 500, code: 'SS_INTERNAL', message: 'Internal server error' });
      }
    }
    const code = error.code?.startsWith('SS_') ? error.code : fastifyCodeToOurs(error.code, status);
    return reply.code(status).send({ statusCode: status, code, message: error.message });
  });
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send({ statusCode: 404, code: 'SS_NOT_FOUND', message: `Route ${request.method} ${request.url} not found` });
  });
}, { name: 'error-handler' });

/** Fastify's own codes (malformed JSON, body too large, bad media type) mapped to stable ones. */
function fastifyCodeToOurs(code: string | undefined, status: number): string {
  switch (code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'SS_MALFORMED_JSON';
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'SS_BODY_TOO_LARGE';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'SS_UNSUPPORTED_MEDIA_TYPE';
    default:
      return status === 404 ? 'SS_NOT_FOUND' : 'SS_BAD_REQUEST';
  }
}

/** Errors thrown by a store adapter: unreachable/closed is 503 (try again), bad input is 400. */
const STORE_UNAVAILABLE = new Set([
  'StoreClosedError',
  'MongoServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
]);

function storeErrorReply(error: Error): { statusCode: number; code: string; message: string } | null {
  if (STORE_UNAVAILABLE.has(error.name)) {
    return { statusCode: 503, code: 'SS_STORE_UNAVAILABLE', message: 'The store is unavailable, try again shortly' };
  }
  if (error.name === 'StoreInputError') return { statusCode: 400, code: 'SS_BAD_REQUEST', message: error.message };
  return null;
}
