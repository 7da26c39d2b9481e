// Schemas built from other schemas: objects (strict: unknown keys are rejected,
// so a misspelt field never passes silently), arrays, records, unions,
// optional and nullable members, and cross-field refinements.
import {
  describeValue,
  expectedGot,
  nestIssue,
  type Infer,
  type OptionalSchema,
  type Schema,
  type SchemaIssue,
} from './schema';

export function optional<T>(inner: Schema<T>): OptionalSchema<T> {
  const expected = `${inner.expected} or nothing`;
  return {
    expected,
    optional: true,
    inner,
    check(value: unknown): SchemaIssue | undefined {
      if (value === undefined) return undefined;
      const problem = inner.check(value);
      // A bare "got null" reads better with the whole expectation ("… or nothing").
      return problem !== undefined && value === null ? expectedGot(expected, value) : problem;
    },
  };
}

export function nullable<T>(inner: Schema<T>): Schema<T | null> {
  const expected = `${inner.expected} or null`;
  return {
    expected,
    check(value: unknown): SchemaIssue | undefined {
      if (value === null) return undefined;
      const problem = inner.check(value);
      return problem !== undefined && value === undefined ? expectedGot(expected, value) : problem;
    },
  };
}

type Shape = Readonly<Record<string, Schema<unknown>>>;
type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends OptionalSchema<unknown> ? K : never }[keyof S];
type RequiredKeys<S extends Shape> = Exclude<keyof S, OptionalKeys<S>>;
type Simplify<T> = { [K in keyof T]: T[K] } & unknown;

export type ObjectOf<S extends Shape> = Simplify<
  { readonly [K in RequiredKeys<S>]: Infer<S[K]> } & {
    readonly [K in OptionalKeys<S>]?: S[K] extends OptionalSchema<infer T> ? T : never;
  }
>;

export interface ObjectSchema<S extends Shape> extends Schema<ObjectOf<S>> {
  readonly shape: S;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function object<S extends Shape>(shape: S): ObjectSchema<S> {
  const keys = Object.keys(shape);
  const schemas = keys.map((key) => shape[key]);
  const known = new Set(keys);
  const count = keys.length;
  return {
    expected: 'an object',
    shape,
    check(value: unknown): SchemaIssue | undefined {
      if (!isPlainObject(value)) return expectedGot('an object', value);
      for (let i = 0; i < count; i += 1) {
        const key = keys[i];
        const problem = schemas[i].check(value[key]);
        if (problem !== undefined) return nestIssue(key, problem);
      }
      for (const key in value) {
        if (!known.has(key) && value[key] !== undefined) {
          return { path: [key], message: `unexpected field (known: ${keys.join(', ')})` };
        }
      }
      return undefined;
    },
  };
}

export interface ArrayOptions {
  readonly minLength?: number;
  readonly maxLength?: number;
}

export function array<T>(items: Schema<T>, options: ArrayOptions = {}): Schema<readonly T[]> {
  const { minLength = 0, maxLength = Number.POSITIVE_INFINITY } = options;
  const expected = `an array of ${items.expected}`;
  return {
    expected,
    check(value: unknown): SchemaIssue | undefined {
      if (!Array.isArray(value)) return expectedGot(expected, value);
      if (value.length < minLength) {
        return { path: [], message: `expected at least ${minLength} item(s), got ${value.length}` };
      }
      if (value.length > maxLength) {
        return { path: [], message: `expected at most ${maxLength} item(s), got ${value.length}` };
      }
      for (let i = 0; i < value.length; i += 1) {
        const problem = items.check(value[i]);
        if (problem !== undefined) return nestIssue(i, problem);
      }
      return undefined;
    },
  };
}

export interface RecordOptions {
  /** Keys must match this pattern (e.g. parameter names). */
  readonly keyPattern?: RegExp;
  readonly keyExpected?: string;
  readonly minEntries?: number;
}

/** A string-keyed map with values of one schema. */
export function record<T>(values: Schema<T>, options: RecordOptions = {}): Schema<Readonly<Record<string, T>>> {
  const { keyPattern, keyExpected = 'a key', minEntries = 0 } = options;
  const expected = `an object of ${values.expected}`;
  return {
    expected,
    check(value: unknown): SchemaIssue | undefined {
      if (!isPlainObject(value)) return expectedGot(expected, value);
      let entries = 0;
      for (const key in value) {
        entries += 1;
        if (keyPattern !== undefined && !keyPattern.test(key)) {
          return { path: [key], message: `expected ${keyExpected}, got key ${describeValue(key)}` };
        }
        const problem = values.check(value[key]);
        if (problem !== undefined) return nestIssue(key, problem);
      }
      if (entries < minEntries) return { path: [], message: `expected at least ${minEntries} entr${minEntries === 1 ? 'y' : 'ies'}, got ${entries}` };
      return undefined;
    },
  };
}

/** The first member schema that accepts the value wins. */
export function union<const T extends readonly Schema<unknown>[]>(...members: T): Schema<Infer<T[number]>> {
  const expected = members.map((member) => member.expected).join(' or ');
  return {
    expected,
    check(value: unknown): SchemaIssue | undefined {
      for (const member of members) if (member.check(value) === undefined) return undefined;
      return expectedGot(expected, value);
    },
  };
}

/** A problem found by a refinement: optional path (relative to the refined value) and sentence. */
export interface RefinementIssue {
  readonly path?: readonly (string | number)[];
  readonly message: string;
}

/**
 * Adds a rule across fields (high ≥ low, a limit order has a limit price) that
 * runs only once the base schema accepted the value, so the rule sees a typed T.
 */
export function refine<T, S extends Schema<T>>(base: S & Schema<T>, rule: (value: T) => RefinementIssue | undefined): S {
  return {
    ...base,
    check(value: unknown): SchemaIssue | undefined {
      const problem = base.check(value);
      if (problem !== undefined) return problem;
      const broken = rule(value as T);
      return broken === undefined ? undefined : { path: broken.path ?? [], message: broken.message };
    },
  };
}
