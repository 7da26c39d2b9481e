// One service of `trading run --processes` as a child process: `trading serve
// <name>` started with the environment the run gives it, its output passed on
// to the run's standard error (standard output stays the run's JSON), the last
// lines of its standard error kept for the error that names it when it dies,
// its readiness probe waited for, and a stop that asks (SIGTERM) before it
// forces (SIGKILL). The child gets an IPC channel only to notice when the run
// goes away (even killed): `trading serve` stops when its parent disconnects.
import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { CliError } from '../cli-error';
import type { ServiceName } from '../commands/serve.command';

/** The `trading` binary the children run (`node apps/cli/bin/trading.js serve <name>`). */
export const TRADING_BIN = resolve(__dirname, '..', '..', 'bin', 'trading.js');

/** Lines of a child's standard error kept for the error that names it. */
const TAIL_LINES = 12;

export interface ChildExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface ReadyWait {
  /** Readiness checks that may still fail: the child is taken as started when only these do. */
  readonly pending?: readonly string[];
  readonly timeoutMs: number;
  /** Between probes. */
  readonly intervalMs?: number;
}

interface ReadinessBody {
  readonly status?: string;
  readonly failed?: readonly { readonly name: string; readonly error: string }[];
}

export class ServiceProcess {
  /** Resolves when the child has exited, however it went. */
  readonly exited: Promise<ChildExit>;
  private readonly tail: string[] = [];
  private exit: ChildExit | undefined;
  private stopRequested = false;

  private constructor(
    readonly name: ServiceName,
    readonly port: number,
    private readonly child: ChildProcess,
    output: (line: string) => void,
  ) {
    let ended!: (exit: ChildExit) => void;
    this.exited = new Promise<ChildExit>((done) => (ended = done));
    const end = (exit: ChildExit): void => {
      if (this.exit !== undefined) return;
      this.exit = exit;
      ended(exit);
    };
    child.once('exit', (code, signal) => end({ code, signal }));
    // A child that could not be started at all (no node binary) has no pid and never exits.
    child.once('error', (error) => {
      this.remember(error.message);
      if (child.pid === undefined) end({ code: null, signal: null });
    });
    const lines = (stream: NodeJS.ReadableStream | null, kept: boolean): void => {
      if (stream === null) return;
      createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
        if (kept) this.remember(line);
        output(`${name}: ${line}`);
      });
    };
    lines(child.stdout, false);
    lines(child.stderr, true);
  }

  /** Starts `trading serve <name>` with exactly `environment`, answering its probes on `port`. */
  static start(name: ServiceName, port: number, environment: Readonly<Record<string, string>>, output: (line: string) => void): ServiceProcess {
    const child = spawn(process.execPath, [TRADING_BIN, 'serve', name], {
      env: environment,
      // Its own process group: a Ctrl-C in the terminal reaches the run, which stops the children in order.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    return new ServiceProcess(name, port, child, output);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Whether it exited (or could not start). */
  get gone(): boolean {
    return this.exit !== undefined;
  }

  /** Whether the run asked it to stop (an exit after that is no failure). */
  get stopping(): boolean {
    return this.stopRequested;
  }

  /** One line naming the child, how it ended and its last lines on standard error. */
  describeExit(exit: ChildExit): string {
    const how = exit.signal !== null ? `was killed by ${exit.signal}` : exit.code === null ? 'could not be started' : `exited with code ${exit.code}`;
    const said = this.tail.length === 0 ? 'nothing on stderr' : `its last lines on stderr: ${this.tail.join(' | ')}`;
    return `${this.name} (pid ${this.pid ?? '-'}) ${how}; ${said}`;
  }

  /** GET on its HTTP port (`path` with its query); throws on a network error. */
  async get(path: string, timeoutMs = 10_000): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`http://127.0.0.1:${this.port}${path}`, { signal: AbortSignal.timeout(timeoutMs) });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON (a plain-text error): kept as text.
    }
    return { status: response.status, body };
  }

  /**
   * Resolves once /health/ready answers 200, or 503 with only `pending`
   * checks failing; rejects, naming the child, when it exits first or is not
   * ready within `timeoutMs` (with what its probe last said).
   */
  async waitReady(wait: ReadyWait): Promise<void> {
    const deadline = performance.now() + wait.timeoutMs;
    const pending = new Set(wait.pending ?? []);
    let last = 'no answer yet';
    for (;;) {
      if (this.exit !== undefined) throw new CliError(this.describeExit(this.exit), 1);
      try {
        const { status, body } = await this.get('/health/ready', 2_000);
        const failed = (body as ReadinessBody).failed ?? [];
        if (status === 200 || (status === 503 && failed.length > 0 && failed.every((check) => pending.has(check.name)))) return;
        last = `${status} ${failed.map((check) => `${check.name}: ${check.error}`).join('; ')}`;
      } catch (error) {
        // Not listening yet (it is still loading), or a probe that timed out.
        last = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
      }
      if (performance.now() >= deadline) throw new CliError(`${this.name} (pid ${this.pid ?? '-'}) was not ready within ${wait.timeoutMs} ms; its readiness probe said: ${last}`, 1);
      const exited = this.exited.then(() => undefined);
      await Promise.race([new Promise<void>((done) => setTimeout(done, wait.intervalMs ?? 100).unref()), exited]);
    }
  }

  /** SIGTERM, then SIGKILL when it has not exited within `graceMs`; resolves once it has exited. */
  async stop(graceMs: number): Promise<ChildExit> {
    this.stopRequested = true;
    if (this.exit !== undefined) return this.exit;
    this.child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const forced = new Promise<'late'>((done) => (timer = setTimeout(() => done('late'), graceMs)));
    const ended = await Promise.race([this.exited, forced]);
    clearTimeout(timer);
    if (ended === 'late') this.child.kill('SIGKILL');
    return this.exited;
  }

  private remember(line: string): void {
    this.tail.push(line);
    if (this.tail.length > TAIL_LINES) this.tail.shift();
  }
}
