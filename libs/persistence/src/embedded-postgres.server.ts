// Embedded Postgres: PGlite (Postgres compiled to WASM) served on a local TCP
// port or unix socket, so the same `pg`/TypeORM code that talks to a real
// server runs unchanged. PGlite executes one connection's work at a time;
// clients must use a single connection (see database.factory). The engine runs
// in a worker thread (see embedded-postgres.worker.js for why).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

export interface EmbeddedPostgresOptions {
  /** `memory://` (default) for a throw-away database, or a folder that keeps it across runs. */
  readonly dataDir?: string;
  /** TCP port; 0 (default) lets the OS choose a free one. Ignored when `socketDir` is set. */
  readonly port?: number;
  /** Default 127.0.0.1: never reachable from another machine unless asked. */
  readonly host?: string;
  /** Serve on the unix socket `<socketDir>/.s.PGSQL.5432` instead of TCP (the file name `pg` expects). */
  readonly socketDir?: string;
}

/** Where a `pg` client connects: `host` is a directory for a unix socket. */
export interface PgEndpoint {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly database: string;
}

export interface EmbeddedPostgres {
  readonly endpoint: PgEndpoint;
  /** Stops accepting connections, then closes PGlite (flushing a folder-backed database). Safe to call twice. */
  stop(): Promise<void>;
}

type WorkerMessage = { type: 'ready'; connection: string } | { type: 'failed'; message: string } | { type: 'stopped' };

const UNIX_SOCKET_PORT = 5432;

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgres> {
  const dataDir = options.dataDir ?? 'memory://';
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`embedded Postgres port must be 0..65535, got ${port}`);
  let socketPath: string | undefined;
  if (options.socketDir !== undefined) {
    mkdirSync(options.socketDir, { recursive: true });
    socketPath = join(options.socketDir, `.s.PGSQL.${UNIX_SOCKET_PORT}`);
  }

  const worker = new Worker(join(__dirname, 'embedded-postgres.worker.js'), { workerData: { dataDir, host, port, socketPath } });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  const connection = await new Promise<string>((resolve, reject) => {
    const onExit = (code: number): void => reject(new Error(`embedded Postgres worker exited with code ${code} before it was ready`));
    worker.once('error', reject);
    worker.once('exit', onExit);
    worker.once('message', (message: WorkerMessage) => {
      worker.off('error', reject);
      worker.off('exit', onExit);
      if (message.type === 'ready') resolve(message.connection);
      else reject(new Error(`embedded Postgres (${dataDir}) failed to start: ${message.type === 'failed' ? message.message : message.type}`));
    });
  });

  // After start-up an error in the worker (PGlite failing) must not take the host
  // process down: its connections fail instead (readiness sees that), and stop()
  // reports it.
  let workerError: unknown;
  worker.on('error', (error: unknown) => {
    workerError ??= error;
  });

  const endpoint: PgEndpoint =
    socketPath !== undefined
      ? { host: options.socketDir as string, port: UNIX_SOCKET_PORT, user: 'postgres', database: 'postgres' }
      : { host, port: portOf(connection), user: 'postgres', database: 'postgres' };

  let stopped: Promise<void> | undefined;
  return {
    endpoint,
    stop: () => {
      stopped ??= (async () => {
        worker.postMessage('stop');
        await exited;
        if (workerError !== undefined) {
          throw new Error(`the embedded Postgres worker failed: ${workerError instanceof Error ? workerError.message : String(workerError)}`, { cause: workerError });
        }
      })();
      return stopped;
    },
  };
}

function portOf(connection: string): number {
  const port = Number(connection.slice(connection.lastIndexOf(':') + 1));
  if (!Number.isInteger(port) || port <= 0) throw new Error(`PGlite socket server reported an unexpected address "${connection}"`);
  return port;
}
