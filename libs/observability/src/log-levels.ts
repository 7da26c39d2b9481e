// The log levels a service accepts (winston's npm levels), on their own so a
// host can check a LOG_LEVEL setting without loading the logger: the
// `@trading/observability/log-levels` entry.
export const LOG_LEVELS = ['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
