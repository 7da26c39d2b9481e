// A service logger as production builds it (createLogger), writing to memory:
// each JSON line parsed, in order, so a spec can assert what was logged.
import { Writable } from 'node:stream';
import { createLogger } from '../logger.factory';
import type { LogLevel } from '../log-levels';

export interface CapturedLogger {
  readonly logger: ReturnType<typeof createLogger>;
  /** Every line logged so far, parsed. */
  readonly lines: Array<Record<string, unknown>>;
}

export function capturedLogger(service: string, level: LogLevel = 'info'): CapturedLogger {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write: (chunk: Buffer, _encoding, done) => {
      for (const line of chunk.toString().split('\n')) if (line !== '') lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, logger: createLogger({ service, level, stream }) };
}
