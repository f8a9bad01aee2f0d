// GET /health: the process is up; says whether the store answers.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';

const Health = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
  store: Type.Object({ kind: Type.String(), reachable: Type.Boolean() }),
  serverTimeMs: Type.Integer(),
});

export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/health', { schema: { tags: ['health'], response: { 200: Health, 503: Health } } }, async (_req, reply) => {
    const reachable = await app.store.ping().catch(() => false);
    const body = {
      status: reachable ? ('ok' as const) : ('degraded' as const),
      store: { kind: app.store.kind, reachable },
      serverTimeMs: app.clock(),
    };
    return reply.code(reachable ? 200 : 503).send(body);
  });
};
