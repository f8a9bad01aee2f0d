// buildApp(options) assembles the control API; it never listens (server.ts does). Tests use inject().
import Fastify, { type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppOptions } from './app-deps.js';
import { errorHandler } from './plugins/error-handler.js';
import { healthRoutes } from './routes/health/index.js';

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.settings.services.http.bodyLimitBytes,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate('settings', options.settings);
  app.decorate('store', options.store);
  app.decorate('clock', options.clock ?? Date.now);
  app.decorate('apiKey', options.apiKey);

  await app.register(errorHandler);
  // -- feature routes (each helper-owned plugin registers here) --
  await app.register(healthRoutes);

  await app.ready();
  return app;
}
