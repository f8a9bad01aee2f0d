// The logger port every server-side component takes (API, broker, store, lineup, preflight, pipeline,
// the TV app's build): the part of pino they use. One root logger is made per process
// (control-api/src/logging/create-logger.ts) and handed down as children, `logger.child({ component })`.
// Passed in, never imported: tests pass a pino logger writing to memory and read the records back.
import type { BaseLogger, Bindings } from 'pino';

export interface Logger extends Pick<BaseLogger, 'fatal' | 'error' | 'warn' | 'info' | 'debug'> {
  child(bindings: Bindings): Logger;
}

/** The `component` binding of each child: one per part of the system. */
export type LogComponent = 'api' | 'broker' | 'store' | 'lineup' | 'preflight' | 'pipeline' | 'tv-app';

/** A logger that drops everything: the default of components that logged nothing unless given a logger. */
export function silentLogger(): Logger {
  const drop = (): void => undefined;
  const logger: Logger = { fatal: drop, error: drop, warn: drop, info: drop, debug: drop, child: () => logger };
  return logger;
}
