// The one way a process makes its root logger (npm start, npm run broker, npm run pipeline): pino,
// JSON lines, level from settings (services.log.level, LOG_LEVEL overrides). Components get children
// with their `component` name; nothing here is a module-level instance.
import { pino, stdTimeFunctions, type DestinationStream, type Logger as PinoLogger } from 'pino';
import type { ServiceSettings } from '../contracts/settings-schema.js';

export type LogSettings = ServiceSettings['log'];

export interface CreateLoggerOptions {
  /** Where lines go (default: stdout). Tests pass a Writable that collects them. */
  destination?: DestinationStream;
}

/** The process's root logger. A pino instance: Fastify takes a child of it as its `loggerInstance`. */
export function createLogger(settings: LogSettings, options: CreateLoggerOptions = {}): PinoLogger {
  const config = {
    level: settings.level,
    base: { pid: process.pid }, // no hostname: one process per line is enough to tell replicas apart in a container log
    timestamp: stdTimeFunctions.isoTime, // "time":"2025-…Z", readable at a terminal
    formatters: { level: (label: string) => ({ level: label }) }, // "level":"warn" rather than 40
  };
  return options.destination ? pino(config, options.destination) : pino(config);
}

/**
 * The fields of a "could not start" record: the error's own code when it has one (a settings or
 * preflight problem the message explains), else `fallbackCode` and the whole error with its stack.
 */
export function startFailureFields(err: unknown, fallbackCode: string): Record<string, unknown> {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? { code } : { code: fallbackCode, err };
}
