// Headers every reply carries: browsers never guess a content type (`nosniff`: a JSON error or a
// playlist is never run as a script), and our pages (the TV app, the emulator) are framed only by
// pages of this server (the emulator frames the TV app).
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';

export const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'SAMEORIGIN',
};

export const securityHeaders = fp(
  async (app: FastifyInstance) => {
    app.addHook('onSend', async (_request, reply, payload) => {
      reply.headers(SECURITY_HEADERS);
      return payload;
    });
  },
  { name: 'security-headers' },
);
