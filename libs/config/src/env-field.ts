// Typed environment-variable fields: each knows the variable it reads, how to
// parse it, what it expects (for the boot error), whether it may be missing and
// whether its value is a secret that must never be echoed.
export type ParseResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false };

interface FieldSpec<T> {
  readonly variable: string;
  readonly expected: string;
  readonly parse: (raw: string) => ParseResult<T>;
  readonly required: boolean;
  readonly defaultValue: T | undefined;
  readonly hasDefault: boolean;
  readonly isSecret: boolean;
  /** How a secret's wrong value may be quoted in a boot error; never quoted when absent. */
  readonly showSecret?: (raw: string) => string;
}

export class EnvField<T> {
  private constructor(private readonly spec: FieldSpec<T>) {}

  /** `showSecret`: how the value may be quoted in a boot error once the field is a secret (a URL with its password masked). */
  static create<T>(variable: string, expected: string, parse: (raw: string) => ParseResult<T>, showSecret?: (raw: string) => string): EnvField<T> {
    if (!/^[A-Z_][A-Z0-9_]*$/.test(variable)) throw new Error(`environment variable name "${variable}" must be UPPER_SNAKE_CASE`);
    return new EnvField<T>({ variable, expected, parse, required: true, defaultValue: undefined, hasDefault: false, isSecret: false, showSecret });
  }

  get variable(): string {
    return this.spec.variable;
  }

  get expected(): string {
    return this.spec.expected;
  }

  get secret(): boolean {
    return this.spec.isSecret;
  }

  /** May be unset: the value is `undefined` then. */
  optional(): EnvField<T | undefined> {
    return new EnvField<T | undefined>({ ...this.spec, required: false });
  }

  /** Used when the variable is unset or empty. */
  default(value: T): EnvField<T> {
    return new EnvField<T>({ ...this.spec, required: false, defaultValue: value, hasDefault: true });
  }

  /** Never echoed: neither in boot errors nor in `describeConfig`. */
  asSecret(): EnvField<T> {
    return new EnvField<T>({ ...this.spec, isSecret: true });
  }

  /** Reads the field from an environment; an error message (without the variable name) when wrong. */
  read(env: Readonly<Record<string, string | undefined>>): { ok: true; value: T } | { ok: false; problem: string } {
    const raw = env[this.spec.variable];
    // An empty variable counts as unset: compose files and shells often export `FOO=`.
    if (raw === undefined || raw.trim() === '') {
      if (this.spec.hasDefault) return { ok: true, value: this.spec.defaultValue as T };
      if (!this.spec.required) return { ok: true, value: undefined as T };
      return { ok: false, problem: `required, expected ${this.spec.expected}, but it is not set` };
    }
    const parsed = this.spec.parse(raw.trim());
    if (parsed.ok) return { ok: true, value: parsed.value };
    const got = !this.spec.isSecret ? JSON.stringify(raw) : this.spec.showSecret ? JSON.stringify(this.spec.showSecret(raw)) : 'a value that is hidden because it is secret';
    return { ok: false, problem: `expected ${this.spec.expected}, got ${got}` };
  }
}
