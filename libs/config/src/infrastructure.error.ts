// A server a setting names could not be used: the message names the variable
// and what was tried (`DATABASE_URL: cannot connect to 127.0.0.1:5999
// (connection refused)`), never a password, so a host can print it as one line.
import { withoutPassword } from './url-mask';

export class InfrastructureError extends Error {
  override readonly name = 'InfrastructureError';

  constructor(
    readonly variable: string,
    problem: string,
    options?: { readonly cause?: unknown },
  ) {
    super(`${variable}: ${problem}`, options);
  }

  /** `VARIABLE: cannot connect to host:port (why)` for a connection to the server at `url` that failed with `error`. */
  static cannotConnect(variable: string, url: string, error: unknown): InfrastructureError {
    return new InfrastructureError(variable, `cannot connect to ${connectionTarget(url)} (${connectionFailure(error)})`, { cause: error });
  }

  /** `VARIABLE: cannot <action> at host:port (why)`: the server answered, then refused what was asked of it. */
  static refused(variable: string, url: string, action: string, error: unknown): InfrastructureError {
    return new InfrastructureError(variable, `cannot ${action} at ${connectionTarget(url)} (${connectionFailure(error)})`, { cause: error });
  }
}

const DEFAULT_PORTS: Readonly<Record<string, string>> = { postgres: '5432', postgresql: '5432', amqp: '5672', amqps: '5671', redis: '6379', rediss: '6379' };

/** `host:port` of a server URL (the scheme's default port when none is written), or the URL without its password. */
export function connectionTarget(url: string): string {
  try {
    const parsed = new URL(url);
    const port = parsed.port || DEFAULT_PORTS[parsed.protocol.slice(0, -1)] || '';
    return port ? `${parsed.hostname}:${port}` : parsed.hostname;
  } catch {
    return withoutPassword(url);
  }
}

const SOCKET_ERRORS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ETIMEDOUT: 'timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found (DNS lookup failed)',
};

/** Whether `error` is a failure to reach a server at all (as opposed to a refusal once connected). */
export function isUnreachable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && SOCKET_ERRORS[code]) return true;
  const errors = (error as { errors?: unknown } | null)?.errors;
  return Array.isArray(errors) && errors.length > 0 && isUnreachable(errors[0]);
}

/** Why a connection failed, in words: socket error codes named, a server's refusal (a wrong password, a missing database) quoted. */
export function connectionFailure(error: unknown): string {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current !== null && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const { code, message, errors, cause } = current as { code?: unknown; message?: unknown; errors?: unknown; cause?: unknown };
    if (typeof code === 'string' && SOCKET_ERRORS[code]) return SOCKET_ERRORS[code];
    // Node's happy-eyeballs connect (`localhost` is ::1 and 127.0.0.1) fails with an AggregateError and no message of its own.
    if (Array.isArray(errors) && errors.length > 0) {
      current = errors[0];
      continue;
    }
    if (typeof message === 'string' && message.trim() !== '') {
      const cleaned = message.split('\n')[0].trim();
      // Wrappers that only say "cannot connect …: <socket error>" add nothing once the cause is known.
      if (cause !== undefined && cause !== null) {
        const inner = connectionFailure(cause);
        if (inner !== 'unknown error') return inner;
      }
      return withoutPassword(cleaned);
    }
    current = cause;
  }
  return typeof error === 'string' && error !== '' ? error : 'unknown error';
}
