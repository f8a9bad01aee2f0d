// Reading times from queries and bodies: epoch milliseconds or ISO 8601, into epoch milliseconds.
import { Errors } from '../errors.js';
import { parseTimeInput } from '../services/lineup/time-math.js';

/** Parses one time field; a bad value is a 400 SS_INVALID_RANGE naming the field. */
export function timeField(value: string | number, field: string): number {
  const ms = parseTimeInput(value);
  if (!Number.isSafeInteger(ms) || ms < 0 || ms > 8_640_000_000_000) {
    throw new Errors.InvalidRange(`${field}: expected epoch milliseconds or an ISO 8601 time, got ${JSON.stringify(String(value).slice(0, 40))}`);
  }
  return ms;
}

/** A window from optional query times: `from` defaults to `defaultFrom`, `to` to from + defaultSpanMs. */
export function windowFromQuery(
  query: { from?: string; to?: string },
  defaults: { fromMs: number; spanMs: number },
): { fromMs: number; toMs: number } {
  const fromMs = query.from === undefined ? defaults.fromMs : timeField(query.from, 'from');
  const toMs = query.to === undefined ? fromMs + defaults.spanMs : timeField(query.to, 'to');
  return { fromMs, toMs };
}
