// Parameter spaces: each strategy declares the type, range, step or log scale
// and default of every parameter, so the optimizer can search them, and every
// set of parameters given to a strategy is checked against that declaration.
export type ParameterValue = number | boolean | string;
export type ParameterValues = Readonly<Record<string, ParameterValue>>;

interface ParameterBase {
  readonly name: string;
  readonly description: string;
}

export interface NumericParameterSpec extends ParameterBase {
  readonly type: 'int' | 'float';
  readonly min: number;
  readonly max: number;
  /** Grid step for the optimizer; absent for a continuous float. */
  readonly step?: number;
  /** Search on a log scale (periods, multipliers spanning decades). */
  readonly log?: boolean;
  readonly default: number;
}

export interface BooleanParameterSpec extends ParameterBase {
  readonly type: 'bool';
  readonly default: boolean;
}

export interface ChoiceParameterSpec extends ParameterBase {
  readonly type: 'choice';
  readonly choices: readonly string[];
  readonly default: string;
}

export type ParameterSpec = NumericParameterSpec | BooleanParameterSpec | ChoiceParameterSpec;

export function defaultParameters(specs: readonly ParameterSpec[]): ParameterValues {
  return Object.freeze(Object.fromEntries(specs.map((spec) => [spec.name, spec.default])));
}

/**
 * Defaults overlaid with `given`; throws a RangeError naming the first
 * unknown parameter, wrong type or value out of range.
 */
export function resolveParameters(strategy: string, specs: readonly ParameterSpec[], given: unknown = {}): ParameterValues {
  if (given === null || typeof given !== 'object' || Array.isArray(given)) {
    throw new RangeError(`${strategy}: parameters must be an object of name: value, got ${JSON.stringify(given)}`);
  }
  const known = new Map(specs.map((spec) => [spec.name, spec]));
  for (const name of Object.keys(given)) {
    if (!known.has(name)) throw new RangeError(`${strategy}: unknown parameter "${name}" (expected one of ${specs.map((s) => s.name).join(', ')})`);
  }
  const values: Record<string, ParameterValue> = {};
  for (const spec of specs) {
    const raw = (given as Record<string, unknown>)[spec.name];
    values[spec.name] = raw === undefined ? spec.default : checkValue(strategy, spec, raw);
  }
  return Object.freeze(values);
}

function checkValue(strategy: string, spec: ParameterSpec, raw: unknown): ParameterValue {
  const where = `${strategy}: parameter "${spec.name}"`;
  switch (spec.type) {
    case 'bool':
      if (typeof raw !== 'boolean') throw new RangeError(`${where} must be true or false, got ${JSON.stringify(raw)}`);
      return raw;
    case 'choice':
      if (typeof raw !== 'string' || !spec.choices.includes(raw)) {
        throw new RangeError(`${where} must be one of ${spec.choices.join(', ')}, got ${JSON.stringify(raw)}`);
      }
      return raw;
    default: {
      if (typeof raw !== 'number' || !Number.isFinite(raw)) throw new RangeError(`${where} must be a number, got ${JSON.stringify(raw)}`);
      if (spec.type === 'int' && !Number.isInteger(raw)) throw new RangeError(`${where} must be a whole number, got ${raw}`);
      if (raw < spec.min || raw > spec.max) throw new RangeError(`${where} must be in ${spec.min}..${spec.max}, got ${raw}`);
      return raw;
    }
  }
}

/** Reads a numeric parameter resolved by `resolveParameters`. */
export function numberParameter(values: ParameterValues, name: string): number {
  const value = values[name];
  if (typeof value !== 'number') throw new RangeError(`parameter "${name}" is not a number (${JSON.stringify(value)})`);
  return value;
}

export function booleanParameter(values: ParameterValues, name: string): boolean {
  const value = values[name];
  if (typeof value !== 'boolean') throw new RangeError(`parameter "${name}" is not a boolean (${JSON.stringify(value)})`);
  return value;
}

export function choiceParameter(values: ParameterValues, name: string): string {
  const value = values[name];
  if (typeof value !== 'string') throw new RangeError(`parameter "${name}" is not a choice (${JSON.stringify(value)})`);
  return value;
}
