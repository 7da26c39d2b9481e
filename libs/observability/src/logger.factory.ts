// Structured JSON logs for every service: one line per event carrying the
// service name, the time, the correlation id of the message chain in progress
// (from `withCorrelation`) and never a secret (see ./redact).
import type { Clock } from '@trading/domain';
import winston from 'winston';
import { currentCorrelationId } from './correlation';
import { LOG_LEVELS, type LogLevel } from './log-levels';
import { isSecretKey, REDACTED, redactSecrets } from './redact';

export { LOG_LEVELS, type LogLevel } from './log-levels';

export type Logger = winston.Logger;

export interface LoggerOptions {
  readonly service: string;
  readonly level?: LogLevel;
  /** Where lines go; stdout by default. */
  readonly stream?: NodeJS.WritableStream;
  /** Source of the `time` field; the wall clock by default. A replay passes its clock so logs line up with its time. */
  readonly clock?: Clock;
}

export function createLogger(options: LoggerOptions): Logger {
  const level = options.level ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(level)) {
    throw new Error(`log level "${level}" is not one of ${LOG_LEVELS.join(', ')}`);
  }
  if (options.service.trim() === '') throw new Error('logger needs a non-empty service name');
  const clock = options.clock;
  const enrich = winston.format((info) => {
    // Redact in place: winston keeps its own bookkeeping under symbol keys.
    for (const key of Object.keys(info)) {
      if (key === 'level') continue;
      const value = info[key];
      info[key] = key !== 'message' && isSecretKey(key) && value !== undefined && value !== null ? REDACTED : redactSecrets(value);
    }
    info['service'] = options.service;
    info['time'] = new Date(clock ? clock.now() : Date.now()).toISOString();
    const correlationId = currentCorrelationId();
    if (correlationId !== undefined && info['correlationId'] === undefined) info['correlationId'] = correlationId;
    return info;
  });
  return winston.createLogger({
    level,
    format: winston.format.combine(winston.format.errors({ stack: true }), enrich(), winston.format.json()),
    transports: [new winston.transports.Stream({ stream: options.stream ?? process.stdout })],
  });
}
