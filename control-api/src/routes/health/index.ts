// GET /health: the process is up; says whether the store answers, and what the first start is still
// doing (the demo lineup being made, the TV app being built).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { StartupSnapshot } from '../../services/startup-status.js';

const Health = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
  store: Type.Object({ kind: Type.String(), reachable: Type.Boolean() }),
  serverTimeMs: Type.Integer(),
  startup: StartupSnapshot,
});

export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/health', { schema: { tags: ['health'], response: { 200: Health, 503: Health } } }, async (_req, reply) => {
    const reachable = await app.store.ping().catch(() => false);
    const body = {
      status: reachable ? ('ok' as const) : ('degraded' as const),
      store: { kind: app.store.kind, reachable },
      serverTimeMs: app.clock(),
      startup: app.startup.get(),
    };
    return reply.code(reachable ? 200 : 503).send(body);
  });
};
