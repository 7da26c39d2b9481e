// Builders for the field types a service reads from its environment.
import { EnvField, type ParseResult } from './env-field';
import { maskedUrl } from './url-mask';

const ok = <T>(value: T): ParseResult<T> => ({ ok: true, value });
const bad: ParseResult<never> = { ok: false };

export interface IntOptions {
  readonly min?: number;
  readonly max?: number;
}

function intExpectation({ min, max }: IntOptions): string {
  if (min !== undefined && max !== undefined) return `an integer from ${min} to ${max}`;
  if (min !== undefined) return `an integer >= ${min}`;
  if (max !== undefined) return `an integer <= ${max}`;
  return 'an integer';
}

function parseInteger(raw: string, { min, max }: IntOptions): ParseResult<number> {
  if (!/^[+-]?\d+$/.test(raw)) return bad;
  const value = Number(raw);
  if (!Number.isSafeInteger(value)) return bad;
  if ((min !== undefined && value < min) || (max !== undefined && value > max)) return bad;
  return ok(value);
}

export interface UrlOptions {
  /** Accepted schemes without the colon, e.g. ['amqp', 'amqps']. Any scheme when omitted. */
  readonly protocols?: readonly string[];
}

function urlExpectation(protocols: readonly string[] | undefined): string {
  if (!protocols || protocols.length === 0) return 'an absolute URL';
  const names = protocols.map((p) => `${p}://`);
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
  return `an ${list} URL`.replace(/^an ([^aeiou])/, 'a $1');
}

function parseUrl(raw: string, protocols: readonly string[] | undefined): ParseResult<string> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return bad;
  }
  const scheme = url.protocol.slice(0, -1).toLowerCase();
  if (protocols && protocols.length > 0 && !protocols.includes(scheme)) return bad;
  // `localhost:5432` parses as scheme "localhost"; a real URL here always has `//`.
  if (!raw.slice(url.protocol.length).startsWith('//')) return bad;
  return ok(raw);
}

const TRUE_WORDS = ['true', '1', 'yes', 'on'];
const FALSE_WORDS = ['false', '0', 'no', 'off'];

/** A text setting read the same way elsewhere (a command-line flag): what it expects, and its value or undefined. */
export interface TextReader<T> {
  readonly expected: string;
  read(text: string): T | undefined;
}

const DURATION_UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `250ms`, `30s`, `1.5m`, `2h`, `1d` or a bare number of milliseconds → milliseconds. */
export function parseDurationMs(raw: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/i.exec(raw.trim());
  if (!match) return undefined;
  const value = Number(match[1]) * DURATION_UNITS[(match[2] ?? 'ms').toLowerCase()];
  return Number.isFinite(value) ? Math.round(value) : undefined;
}

export const env = {
  string(variable: string): EnvField<string> {
    return EnvField.create(variable, 'a non-empty string', (raw) => ok(raw));
  },
  int(variable: string, options: IntOptions = {}): EnvField<number> {
    return EnvField.create(variable, intExpectation(options), (raw) => parseInteger(raw, options));
  },
  port(variable: string): EnvField<number> {
    return env.int(variable, { min: 0, max: 65535 });
  },
  url(variable: string, options: UrlOptions = {}): EnvField<string> {
    // A URL's secret is its password: a wrong URL is quoted with the password masked, so the mistake is visible.
    return EnvField.create(variable, urlExpectation(options.protocols), (raw) => parseUrl(raw, options.protocols), maskedUrl);
  },
  enum<const T extends string>(variable: string, values: readonly T[]): EnvField<T> {
    if (values.length === 0) throw new Error(`env.enum(${variable}) needs at least one value`);
    return EnvField.create(variable, `one of ${values.join(', ')}`, (raw) =>
      (values as readonly string[]).includes(raw) ? ok(raw as T) : bad,
    );
  },
  bool(variable: string): EnvField<boolean> {
    return EnvField.create(variable, 'true or false (also 1/0, yes/no, on/off)', (raw) => {
      const word = raw.toLowerCase();
      if (TRUE_WORDS.includes(word)) return ok(true);
      if (FALSE_WORDS.includes(word)) return ok(false);
      return bad;
    });
  },
  /** A value through a reader shared with a command-line flag (the fill model's settings), so both read the same words. */
  read<T>(variable: string, reader: TextReader<T>): EnvField<T> {
    return EnvField.create<T>(variable, reader.expected, (raw) => {
      const value = reader.read(raw);
      return value === undefined ? bad : ok(value);
    });
  },
  /** A duration in milliseconds. */
  duration(variable: string): EnvField<number> {
    return EnvField.create(variable, 'a duration such as 500ms, 30s, 5m, 2h, 1d or a number of milliseconds', (raw) => {
      const ms = parseDurationMs(raw);
      return ms === undefined ? bad : ok(ms);
    });
  },
} as const;
