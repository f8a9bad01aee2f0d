// A logger that keeps its records in memory: the root logger (create-logger.ts) writing its JSON lines
// into an array, parsed back into records. Tests of every component assert with it on what was logged
// (level, code, component) and notice a component that logs anywhere else.
import { createLogger, type LogSettings } from './create-logger.js';

export interface LogRecord {
  level: string;
  msg: string;
  component?: string;
  code?: string;
  [key: string]: unknown;
}

export interface CapturedLog {
  logger: ReturnType<typeof createLogger>;
  records: LogRecord[];
  /** Records at `level` (e.g. 'warn'). */
  at(level: string): LogRecord[];
}

export function captureLogger(level: LogSettings['level'] = 'debug'): CapturedLog {
  const records: LogRecord[] = [];
  const logger = createLogger({ level }, { destination: { write: (line: string) => void records.push(JSON.parse(line) as LogRecord) } });
  return { logger, records, at: (l) => records.filter((r) => r.level === l) };
}
