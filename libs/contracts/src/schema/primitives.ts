// Leaf schemas: strings, numbers, integers, booleans, literals, enums and
// decimal strings (money and sizes travel as text, never as floats).
import { expectedGot, issue, type Schema, type SchemaIssue } from './schema';

export interface StringOptions {
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: RegExp;
  /** What the pattern means, for messages: "a six-letter FX symbol". */
  readonly expected?: string;
}

export function string(options: StringOptions = {}): Schema<string> {
  const { minLength = 0, maxLength = Number.POSITIVE_INFINITY, pattern } = options;
  const expected = options.expected ?? describeString(minLength, maxLength, pattern);
  return {
    expected,
    check(value: unknown): SchemaIssue | undefined {
      if (typeof value !== 'string') return expectedGot(expected, value);
      if (value.length < minLength || value.length > maxLength || (pattern !== undefined && !pattern.test(value))) {
        return expectedGot(expected, value);
      }
      return undefined;
    },
  };
}

/** What a string schema accepts, with its length bounds and pattern: a message must name the rule that failed. */
function describeString(minLength: number, maxLength: number, pattern: RegExp | undefined): string {
  const text = lengthText(minLength, maxLength);
  return pattern === undefined ? text : `${text} matching ${String(pattern)}`;
}

function lengthText(minLength: number, maxLength: number): string {
  const characters = (n: number): string => `${n} character${n === 1 ? '' : 's'}`;
  if (minLength === maxLength) return minLength === 0 ? 'an empty string' : `a string of exactly ${characters(minLength)}`;
  if (maxLength === Number.POSITIVE_INFINITY) {
    if (minLength <= 0) return 'a string';
    return minLength === 1 ? 'a non-empty string' : `a string of at least ${characters(minLength)}`;
  }
  return minLength > 0 ? `a string of ${minLength} to ${characters(maxLength)}` : `a string of at most ${characters(maxLength)}`;
}

export interface NumberOptions {
  readonly min?: number;
  readonly max?: number;
  /** Exclusive lower bound, e.g. prices must be > 0. */
  readonly greaterThan?: number;
}

function rangeText(kind: string, options: NumberOptions): string {
  const parts: string[] = [];
  if (options.greaterThan !== undefined) parts.push(`> ${options.greaterThan}`);
  if (options.min !== undefined && options.max !== undefined) parts.push(`in ${options.min}..${options.max}`);
  else if (options.min !== undefined) parts.push(`≥ ${options.min}`);
  else if (options.max !== undefined) parts.push(`≤ ${options.max}`);
  return parts.length === 0 ? kind : `${kind} ${parts.join(' and ')}`;
}

/** A finite number (NaN and ±Infinity never pass: JSON cannot carry them and code should not send them). */
export function number(options: NumberOptions = {}): Schema<number> {
  const min = options.min ?? Number.NEGATIVE_INFINITY;
  const max = options.max ?? Number.POSITIVE_INFINITY;
  const greaterThan = options.greaterThan ?? Number.NEGATIVE_INFINITY;
  const expected = rangeText('a finite number', options);
  return {
    expected,
    check(value: unknown): SchemaIssue | undefined {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max || !(value > greaterThan)) {
        return expectedGot(expected, value);
      }
      return undefined;
    },
  };
}

export function int(options: NumberOptions = {}): Schema<number> {
  const min = options.min ?? Number.MIN_SAFE_INTEGER;
  const max = options.max ?? Number.MAX_SAFE_INTEGER;
  const greaterThan = options.greaterThan ?? Number.NEGATIVE_INFINITY;
  const expected = rangeText('an integer', options);
  return {
    expected,
    check(value: unknown): SchemaIssue | undefined {
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max || !(value > greaterThan)) {
        return expectedGot(expected, value);
      }
      return undefined;
    },
  };
}

/** UTC epoch milliseconds (non-negative integer). */
export function epochMs(): Schema<number> {
  return int({ min: 0 });
}

export function boolean(): Schema<boolean> {
  return {
    expected: 'a boolean',
    check: (value) => (typeof value === 'boolean' ? undefined : expectedGot('a boolean', value)),
  };
}

export function literal<const T extends string | number | boolean>(expectedValue: T): Schema<T> {
  const expected = JSON.stringify(expectedValue);
  return {
    expected,
    check: (value) => (value === expectedValue ? undefined : expectedGot(expected, value)),
  };
}

export function enumOf<const T extends readonly string[]>(values: T): Schema<T[number]> {
  const allowed = new Set<string>(values);
  const expected = `one of ${values.join(', ')}`;
  return {
    expected,
    check: (value) => (typeof value === 'string' && allowed.has(value) ? undefined : expectedGot(expected, value)),
  };
}

/** Any value: for envelope payloads checked later against the registry. */
export function unknownValue(): Schema<unknown> {
  return { expected: 'any value', check: () => undefined };
}

const DECIMAL = /^-?(0|[1-9]\d*)(\.\d+)?$/;

export interface DecimalOptions {
  /** Rejects "0" and negatives. */
  readonly positive?: boolean;
  /** Rejects negatives ("-0.5"); "0" passes. */
  readonly nonNegative?: boolean;
}

/**
 * Exact decimals as plain text ("1.5", "-0.00012", "100000"): no exponent, no
 * leading "+", no leading zeros, so the text of equal amounts is predictable.
 */
export function decimalString(options: DecimalOptions = {}): Schema<string> {
  const expected = options.positive
    ? 'a positive decimal string'
    : options.nonNegative
      ? 'a non-negative decimal string'
      : 'a decimal string';
  return {
    expected,
    check(value: unknown): SchemaIssue | undefined {
      if (typeof value !== 'string' || !DECIMAL.test(value)) return expectedGot(expected, value);
      const negative = value.charCodeAt(0) === 45; // '-'
      if (negative && isZeroDecimal(value)) return issue(`expected ${expected}, got ${JSON.stringify(value)} (write zero as "0")`);
      if ((options.positive || options.nonNegative) && negative) return expectedGot(expected, value);
      if (options.positive && isZeroDecimal(value)) return expectedGot(expected, value);
      return undefined;
    },
  };
}

function isZeroDecimal(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c >= 49 && c <= 57) return false; // a digit 1-9
  }
  return true;
}
