// Listening only: binds the built app to its host and port and says where it can be reached.
import type { FastifyInstance } from 'fastify';

export interface ListenOptions {
  host: string;
  port: number; // 0 = any free port
}

export interface Listening {
  port: number;
  /** A URL people can open (a wildcard host is shown as localhost). */
  baseUrl: string;
}

export async function listen(app: FastifyInstance, options: ListenOptions): Promise<Listening> {
  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  const wildcard = options.host === '0.0.0.0' || options.host === '::' || options.host === '::0';
  const host = wildcard ? 'localhost' : options.host.includes(':') ? `[${options.host}]` : options.host;
  return { port, baseUrl: `http://${host}:${port}` };
}
