// OpenAPI at /docs, generated from the routes' own schemas. Swagger UI's assets ship inside the
// package and are served from /docs/static (no CDN).
import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { BEARER_SCHEME } from './auth.js';

export const docsPlugin = fp(
  async (app: FastifyInstance) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0', // JSON Schema 2020-12, the dialect TypeBox writes (numeric exclusiveMinimum, type null)
        info: {
          title: 'StreamSync TV control API',
          description:
            'Channels, assets, schedules, "now" and the EPG. Times are epoch milliseconds UTC; query ' +
            'times also accept ISO 8601. Every mutation needs the broadcaster key as a Bearer token. ' +
            'Errors are {statusCode, code, message} with stable codes.',
          version: '1',
        },
        components: {
          securitySchemes: { [BEARER_SCHEME]: { type: 'http', scheme: 'bearer', description: 'the broadcaster key' } },
        },
        tags: [
          { name: 'channels' },
          { name: 'assets' },
          { name: 'schedule' },
          { name: 'now' },
          { name: 'epg' },
          { name: 'viewer', description: "the seed's routes" },
          { name: 'health' },
        ],
      },
    });
    await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
  },
  { name: 'docs' },
);
