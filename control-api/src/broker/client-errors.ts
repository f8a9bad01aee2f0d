// How the broker logs what goes wrong with one client: one line per event, at a level that says
// whether anyone should look. A viewer that closes its TV, loses Wi-Fi or is cut off by a proxy
// (reset, broken pipe, a close mid-packet) is ordinary: debug. A WebSocket frame over the size limit
// is a client misbehaving: warn, once, with its code and no stack. Anything else: info, message only.
import type { Logger } from '../contracts/logger.js';

const ORDINARY = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE', 'ERR_STREAM_DESTROYED', 'ERR_STREAM_WRITE_AFTER_END']);
const ORDINARY_MESSAGES = /^(connection closed|premature close|keep ?alive timeout|write after end|socket hang up|read ECONNRESET|write EPIPE)$/i;

export type ClientErrorKind = 'ordinary' | 'frame-too-large' | 'other';

export function classifyClientError(err: unknown): ClientErrorKind {
  const e = err as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  const message = typeof e?.message === 'string' ? e.message : '';
  if (code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') return 'frame-too-large';
  if (ORDINARY.has(code) || ORDINARY_MESSAGES.test(message)) return 'ordinary';
  return 'other';
}

/** Logs one client's error as its kind says (see the header). */
export function logClientError(logger: Logger, err: unknown, fields: { clientId?: string; transport: 'mqtt' | 'ws' }): void {
  const kind = classifyClientError(err);
  const message = (err as { message?: unknown } | null)?.message;
  const error = typeof message === 'string' ? message : String(err);
  if (kind === 'ordinary') logger.debug({ ...fields, code: 'SS_MQTT_CLIENT_GONE', error }, 'client disconnected');
  else if (kind === 'frame-too-large') logger.warn({ ...fields, code: 'SS_WS_FRAME_TOO_LARGE', error }, 'WebSocket frame over the size limit: connection closed');
  else logger.info({ ...fields, code: 'SS_MQTT_CLIENT_ERROR', error }, 'client error');
}
