// One error type for every way a source can fail, classified so the resilience
// layer can decide without string matching: retry (timeouts, 5xx, temporary
// rate limits), fail over (everything), or stop asking (bad request, premium
// endpoint, bad credentials).
export type SourceErrorKind =
  /** The per-attempt time limit passed. */
  | 'timeout'
  /** 5xx, connection refused/reset, outage page. */
  | 'unavailable'
  /** The provider's rate limit or allowance; `retryable` says whether it resets soon. */
  | 'rate-limited'
  /** The request itself is wrong (4xx validation, unknown symbol, range beyond limits). */
  | 'rejected'
  /** The provider will never serve this (premium-only endpoint, unsupported timeframe). */
  | 'unsupported'
  /** Credentials refused, or a token that stays invalid after a re-login. */
  | 'auth'
  /** A body that is not the documented shape (bad JSON, missing keys). */
  | 'malformed'
  /** Bars that fail validation (non-finite prices, OHLC inconsistent, out of window, unsorted). */
  | 'invalid-data'
  /** The caller aborted. */
  | 'aborted'
  /** The source's circuit breaker is open. */
  | 'circuit-open';

const RETRYABLE_BY_DEFAULT: ReadonlySet<SourceErrorKind> = new Set(['timeout', 'unavailable', 'rate-limited']);

export interface SourceErrorOptions {
  readonly retryable?: boolean;
  /** Server-advised wait before the next attempt (Retry-After), ms. */
  readonly retryAfterMs?: number;
  readonly status?: number;
  readonly cause?: unknown;
}

export class SourceError extends Error {
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly status: number | undefined;

  constructor(
    readonly source: string,
    readonly kind: SourceErrorKind,
    detail: string,
    options: SourceErrorOptions = {},
  ) {
    super(`${source}: ${kind}: ${detail}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SourceError';
    this.retryable = options.retryable ?? RETRYABLE_BY_DEFAULT.has(kind);
    this.retryAfterMs = options.retryAfterMs;
    this.status = options.status;
  }
}

export function isSourceError(error: unknown): error is SourceError {
  return error instanceof SourceError;
}

/** Any thrown value as a SourceError of `source` (unknown errors count as "unavailable"). */
export function asSourceError(source: string, error: unknown): SourceError {
  if (error instanceof SourceError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new SourceError(source, 'unavailable', message, { cause: error });
}
