// Readiness: a service is ready only when every registered check passes (bus
// connected, database reachable, …). Each check gets a timeout so one hung
// dependency makes the probe fail fast instead of hang.
export type HealthCheck = () => Promise<void> | void | boolean | Promise<boolean>;

export interface CheckResult {
  readonly name: string;
  readonly ok: boolean;
  /** Why it failed: the error message, "returned false" or "timed out after N ms". */
  readonly error?: string;
  readonly durationMs: number;
}

export interface ReadinessReport {
  readonly ready: boolean;
  readonly checks: readonly CheckResult[];
}

interface Registered {
  readonly name: string;
  readonly check: HealthCheck;
  readonly timeoutMs: number;
}

export class HealthChecks {
  private readonly checks = new Map<string, Registered>();

  constructor(private readonly defaultTimeoutMs = 2000) {}

  register(name: string, check: HealthCheck, timeoutMs = this.defaultTimeoutMs): this {
    if (this.checks.has(name)) throw new Error(`readiness check "${name}" is already registered`);
    this.checks.set(name, { name, check, timeoutMs });
    return this;
  }

  unregister(name: string): void {
    this.checks.delete(name);
  }

  /** Runs every check concurrently. */
  async readiness(): Promise<ReadinessReport> {
    const checks = await Promise.all([...this.checks.values()].map(runCheck));
    return { ready: checks.every((check) => check.ok), checks };
  }
}

async function runCheck({ name, check, timeoutMs }: Registered): Promise<CheckResult> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const outcome = await Promise.race([Promise.resolve().then(check), timeout]);
    const durationMs = performance.now() - started;
    return outcome === false ? { name, ok: false, error: 'returned false', durationMs } : { name, ok: true, durationMs };
  } catch (error) {
    return { name, ok: false, error: error instanceof Error ? error.message : String(error), durationMs: performance.now() - started };
  } finally {
    clearTimeout(timer);
  }
}

/** Ready while the bus says it can publish. Takes the port's shape, not the bus itself. */
export function busReadyCheck(bus: { isReady(): boolean }): HealthCheck {
  return () => {
    if (!bus.isReady()) throw new Error('message bus is not connected');
  };
}

/** Ready while `SELECT 1` answers (a TypeORM DataSource or a pg Pool fits). */
export function databaseReadyCheck(database: { query(sql: string): Promise<unknown> }): HealthCheck {
  return async () => {
    await database.query('SELECT 1');
  };
}
