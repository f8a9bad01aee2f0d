// Headers every reply carries: browsers never guess a content type (`nosniff`: a JSON error or a
// playlist is never run as a script), and our pages (the TV app, the emulator) are framed only by
// pages of this server (the emulator frames the TV app). Every page (text/html) also carries a
// Content-Security-Policy: scripts, styles, fonts and frames from this server only; media, images and
// connections (the API, MQTT over WebSocket) from this server and the origins the TV settings name
// (appSettings.tv apiBaseUrl and brokerUrl); no plugins, no foreign forms or base URLs.
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';

export const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'SAMEORIGIN',
};

export interface SecurityHeadersOptions {
  /** Absolute URLs the TV app also talks to (its configured API and broker); their origins are allowed. */
  tvUrls?: readonly string[];
}

/** The origin of an absolute http(s)/ws(s) URL, or null (relative, empty or malformed: this server). */
export function urlOrigin(url: string): string | null {
  try {
    const u = new URL(url);
    return /^(https?|wss?):$/.test(u.protocol) ? `${u.protocol}//${u.host}` : null;
  } catch {
    return null;
  }
}

/**
 * The pages' policy, for a page requested as `host` (its WebSocket origins are this server's: a
 * `'self'` that covers ws: is not in every TV engine). Lightning compiles its property accessors
 * with `new Function` ('unsafe-eval'); Shaka plays MediaSource blob: URLs; Lightning and the
 * emulator set inline styles.
 */
export function pagePolicy(host: string | undefined, extraOrigins: readonly string[]): string {
  const sockets = host ? [`ws://${host}`, `wss://${host}`] : [];
  const extra = extraOrigins.join(' ');
  const list = (...parts: string[]) => parts.filter((p) => p !== '').join(' ');
  return [
    "default-src 'self'",
    "script-src 'self' 'unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    list("img-src 'self' data: blob:", extra),
    list("media-src 'self' blob: data:", extra),
    list("connect-src 'self'", ...sockets, extra),
    "font-src 'self' data:",
    "worker-src 'self' blob:",
    "frame-src 'self'",
    "frame-ancestors 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
}

export const securityHeaders = fp<SecurityHeadersOptions>(
  async (app: FastifyInstance, options) => {
    const extra = [...new Set((options.tvUrls ?? []).map(urlOrigin).filter((o): o is string => o !== null))];
    app.addHook('onSend', async (request, reply, payload) => {
      reply.headers(SECURITY_HEADERS);
      const type = reply.getHeader('content-type');
      if (typeof type === 'string' && type.startsWith('text/html')) reply.header('content-security-policy', pagePolicy(request.headers.host, extra));
      return payload;
    });
  },
  { name: 'security-headers' },
);
