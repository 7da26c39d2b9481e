// Parses the environment at boot into a typed, deep-frozen configuration. Every
// bad or missing variable is collected so one error names them all, and the
// service stops before it connects to anything.
import { EnvField } from './env-field';

/** A schema is a tree of fields; the config mirrors its shape. */
export interface ConfigSchema {
  readonly [key: string]: EnvField<unknown> | ConfigSchema;
}

export type ConfigOf<S extends ConfigSchema> = {
  readonly [K in keyof S]: S[K] extends EnvField<infer T> ? T : S[K] extends ConfigSchema ? ConfigOf<S[K]> : never;
};

export interface ConfigIssue {
  readonly variable: string;
  readonly problem: string;
}

export class ConfigError extends Error {
  constructor(readonly issues: readonly ConfigIssue[]) {
    super(
      `invalid configuration (${issues.length} setting${issues.length === 1 ? '' : 's'}):\n` +
        issues.map((issue) => `  ${issue.variable}: ${issue.problem}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

export function loadConfig<S extends ConfigSchema>(schema: S, environment: Env = process.env): ConfigOf<S> {
  const issues: ConfigIssue[] = [];
  const seen = new Map<string, string>();
  const config = readTree(schema, environment, issues, seen, '');
  if (issues.length > 0) throw new ConfigError(issues);
  return deepFreeze(config) as ConfigOf<S>;
}

function readTree(schema: ConfigSchema, environment: Env, issues: ConfigIssue[], seen: Map<string, string>, path: string): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, node] of Object.entries(schema)) {
    const at = path ? `${path}.${key}` : key;
    if (node instanceof EnvField) {
      const earlier = seen.get(node.variable);
      if (earlier !== undefined) throw new Error(`config schema reads ${node.variable} twice (${earlier} and ${at})`);
      seen.set(node.variable, at);
      const read = node.read(environment);
      if (read.ok) result[key] = read.value;
      else issues.push({ variable: node.variable, problem: read.problem });
    } else {
      result[key] = readTree(node, environment, issues, seen, at);
    }
  }
  return result;
}

export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as Record<string, unknown>)) deepFreeze(child);
  }
  return value;
}

/**
 * The configuration as a plain object safe to log: secrets become `***`.
 * Values must come from `loadConfig` with the same schema.
 */
export function describeConfig<S extends ConfigSchema>(schema: S, config: ConfigOf<S>): Record<string, unknown> {
  const describe = (node: ConfigSchema, values: Record<string, unknown>): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(node)) {
      if (field instanceof EnvField) out[key] = field.secret && values[key] !== undefined ? '***' : values[key];
      else out[key] = describe(field, values[key] as Record<string, unknown>);
    }
    return out;
  };
  return describe(schema, config as Record<string, unknown>);
}
