// Secret redaction for anything that may reach a log: values under secret-like
// keys are replaced, and credentials embedded in URLs (`amqp://user:pass@host`)
// have their password masked wherever they appear in a string.
export const REDACTED = '***';

// `CST` is IG's client session token header; matched whole, so words that merely contain the letters pass.
const SECRET_KEY = /pass(word|wd)?|pwd|secret|token|api[-_]?key|authorization|cookie|credential|private[-_]?key|session|^(x-)?cst$/i;
// scheme://user:password@ — the password runs to the last `@` before the host.
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*):([^\s/]*)@/gi;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

export function redactString(text: string): string {
  return text.replace(URL_CREDENTIALS, `$1:${REDACTED}@`);
}

/** A redacted deep copy: secret keys masked, URL passwords masked in every string. */
export function redactSecrets(value: unknown, maxDepth = 8): unknown {
  return redactValue(value, maxDepth, new WeakSet());
}

function redactValue(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return redactString(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[Circular]';
  if (depth <= 0) return '[Truncated]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth - 1, seen));
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Error) {
    return { name: value.name, message: redactString(value.message), stack: value.stack === undefined ? undefined : redactString(value.stack) };
  }
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    result[key] = isSecretKey(key) && item !== undefined && item !== null ? REDACTED : redactValue(item, depth - 1, seen);
  }
  return result;
}
