// A small typed schema DSL: each schema both validates an unknown value and
// carries the TypeScript type it accepts (`Infer<typeof schema>`). Checks are
// hand-written and allocation-free on success, because every message on the bus
// passes through them; on failure they return the path and a readable sentence.

/** Where and why a value was rejected. `path` is built outward as the failure bubbles up. */
export interface SchemaIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

export interface Schema<T> {
  /** Short description used in messages: "a string", "a decimal string". */
  readonly expected: string;
  /** Undefined when `value` is a valid T, otherwise the first problem found. */
  check(value: unknown): SchemaIssue | undefined;
  /** Phantom member carrying the accepted type; never set at runtime. */
  readonly __type?: T;
}

/** A schema whose key may be absent (or undefined) in an object. */
export interface OptionalSchema<T> extends Schema<T | undefined> {
  readonly optional: true;
  readonly inner: Schema<T>;
}

export type Infer<S> = S extends Schema<infer T> ? T : never;

export type Validation<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

/** Validates `value`; the reason names the path from `root` (e.g. `payload.size: expected …`). */
export function validate<T>(schema: Schema<T>, value: unknown, root = ''): Validation<T> {
  const issue = schema.check(value);
  if (issue === undefined) return { ok: true, value: value as T };
  return { ok: false, reason: formatIssue(issue, root) };
}

/** Like `validate` but throws a TypeError with the reason: for producers, where invalid data is a bug. */
export function assertValid<T>(schema: Schema<T>, value: unknown, root = ''): T {
  const issue = schema.check(value);
  if (issue !== undefined) throw new TypeError(formatIssue(issue, root));
  return value as T;
}

export function formatIssue(issue: SchemaIssue, root = ''): string {
  let path = root;
  for (const segment of issue.path) {
    if (typeof segment === 'number') path += `[${segment}]`;
    else path += path === '' ? segment : `.${segment}`;
  }
  return path === '' ? issue.message : `${path}: ${issue.message}`;
}

/** Prepends a path segment to an issue coming up from a nested schema. */
export function nestIssue(segment: string | number, issue: SchemaIssue): SchemaIssue {
  return { path: [segment, ...issue.path], message: issue.message };
}

export function issue(message: string, path: readonly (string | number)[] = []): SchemaIssue {
  return { path, message };
}

/** Renders a rejected value for a message: numbers as written, strings quoted, the rest by kind. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    return JSON.stringify(shown);
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

export function expectedGot(expected: string, value: unknown): SchemaIssue {
  return { path: [], message: `expected ${expected}, got ${describeValue(value)}` };
}
