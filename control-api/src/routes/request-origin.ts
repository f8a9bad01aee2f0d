// The absolute origin a request reached us at (protocol + Host header), for the absolute URLs that
// IPTV apps and network-tuner clients need: they fetch every URL we hand out from elsewhere.
import type { FastifyRequest } from 'fastify';
import { Errors } from '../errors.js';

/**
 * `http://host:port` as the client addressed us. A Host header that is not a plain host[:port]
 * (userinfo, a path, characters a URL cannot hold) is a 400 SS_BAD_HOST: it would end up inside
 * playlists and device documents.
 */
export function requestOrigin(request: Pick<FastifyRequest, 'protocol' | 'host'>): string {
  const host = request.host;
  if (!host || /[\s/\\?#@"'<>]/.test(host)) throw new Errors.BadHost();
  let url: URL;
  try {
    url = new URL(`${request.protocol}://${host}`);
  } catch {
    throw new Errors.BadHost();
  }
  return url.origin;
}
