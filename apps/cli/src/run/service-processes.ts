// `trading run --processes`: the trading chain behind market-data as separate
// processes, each `trading serve <name>` as a deployment runs it, on RabbitMQ
// and Postgres. The run keeps market-data's replay, the lockstep barrier and
// its tap; the children get the settings the in-process chain would hand the
// composition functions (./chain-plan, written into their environments by
// ./service-environments), Postgres schemas of this run's own and HTTP ports
// of their own. Started in the order a deployment starts them, each waited for
// on its readiness probe; risk's decision log and account are read through its
// read API. A child that dies fails the run at once (its exit code and last
// lines of standard error in the error); the end of the run, or a failure,
// stops every child (SIGTERM, SIGKILL after a grace period) and drops the
// run's schemas.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExactDecimal } from '@trading/domain';
import type { Logger } from '@trading/observability';
import type { Database } from '@trading/persistence';
import { CliError } from '../cli-error';
import type { ServiceName } from '../commands/serve.command';
import { type ChainInput, planChain } from './chain-plan';
import type { RunFailure } from './run-failure';
import type { RunEnvironment } from './run-options';
import { childEnvironment, childServices, writeLimitsFile } from './service-environments';
import { ServiceProcess } from './service-process';
import type { PortfolioSummary } from './system-run';
import { chainConsumers, type TradingChain } from './trading-chain';

export interface ServiceProcessesOptions {
  readonly environment: RunEnvironment;
  readonly settings: ChainInput;
  /** The run's own database connection (market-data's): the run's schemas are dropped through it at the end. */
  readonly database: Database;
  /** Prefix of the run's schemas, locked by the run (./run-schemas). */
  readonly tag: string;
  readonly logger: Logger;
  /** Tripped when a child dies while the run goes on. */
  readonly failure: RunFailure;
  /** How long a child may take to answer its readiness probe; default two minutes (a cold start compiles nothing, but the machine may be loaded). */
  readonly bootTimeoutMs?: number;
  /** How long a child may take to stop after SIGTERM before it is killed; default 15 s. */
  readonly stopGraceMs?: number;
}

/** One page of risk's GET /decisions. */
interface DecisionsPage {
  readonly items: readonly { readonly record: unknown }[];
  readonly nextCursor: string | null;
}

/** One page of risk's GET /portfolio, the fields the summary takes. */
interface PortfolioBody {
  readonly cash: string;
  readonly equity: string;
  readonly positions: readonly unknown[];
  readonly tradingState: { readonly state: string };
}

/** Ports the OS says are free now, distinct (each held until all are picked). */
async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    const ports: number[] = [];
    for (let k = 0; k < count; k++) {
      const server = createServer();
      servers.push(server);
      await new Promise<void>((done, fail) => {
        server.once('error', fail);
        server.listen(0, () => done());
      });
      const address = server.address();
      if (address === null || typeof address === 'string') throw new Error('a probe server has no port');
      ports.push(address.port);
    }
    return ports;
  } finally {
    await Promise.all(servers.map((server) => new Promise<void>((done) => server.close(() => done()))));
  }
}

export async function startServiceProcesses(options: ServiceProcessesOptions): Promise<TradingChain> {
  const { environment, settings, logger, failure } = options;
  const amqpUrl = environment.amqpUrl;
  const databaseUrl = environment.database.url;
  if (amqpUrl === undefined || databaseUrl === undefined || options.database.kind !== 'postgres') {
    throw new CliError('--processes: the services meet on RabbitMQ and Postgres: set AMQP_URL and DATABASE_URL');
  }
  const plan = planChain(settings);
  const tag = options.tag;
  const schemas = { 'order-execution': `${tag}_order_execution`, risk: `${tag}_risk` };
  const folder = mkdtempSync(join(tmpdir(), 'trading-run-'));
  const serviceNames = ['order-execution', 'risk', ...plan.strategies.map((strategy) => strategy.service)];
  const ports = Object.fromEntries((await freePorts(serviceNames.length)).map((port, k) => [serviceNames[k], port]));
  const children = childServices(plan, {
    amqpUrl,
    databaseUrl,
    databasePoolSize: environment.database.poolSize,
    logLevel: environment.logLevel,
    schemas,
    ports,
    limitsFile: writeLimitsFile(folder, settings.limits),
  });
  logger.info('service processes starting', { services: serviceNames, ports, schemas: Object.values(schemas) });
  const graceMs = options.stopGraceMs ?? 15_000;
  const bootTimeoutMs = options.bootTimeoutMs ?? 120_000;
  const running: ServiceProcess[] = [];
  const output = (line: string): void => void process.stderr.write(`${line}\n`);

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopped ??= (async () => {
      // Every child at once: the replay is over (or failed), nothing is waiting for their work.
      await Promise.all(running.map((child) => child.stop(graceMs)));
      // The run's tables go with it: a replay always starts from empty books.
      for (const schema of Object.values(schemas)) {
        await options.database.dataSource.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch((error: unknown) => logger.warn('could not drop a schema of the run', { schema, error: String(error) }));
      }
      rmSync(folder, { recursive: true, force: true });
    })());

  const start = (name: ServiceName): ServiceProcess => {
    const child = children.find((candidate) => candidate.name === name);
    if (child === undefined) throw new Error(`no settings for ${name}`);
    const started = ServiceProcess.start(child.name, ports[child.name], childEnvironment(child, process.env), output);
    running.push(started);
    logger.info('service process started', { process: child.name, pid: started.pid, port: started.port });
    void started.exited.then((exit) => {
      if (!started.stopping) failure.fail(new CliError(started.describeExit(exit), 1));
    });
    return started;
  };

  try {
    // The venue first: it announces its book, which risk's fail-closed start waits for.
    const venue = start('order-execution');
    await failure.guard(venue.waitReady({ timeoutMs: bootTimeoutMs }));
    const risk = start('risk');
    const strategies = plan.strategies.map((strategy) => start(strategy.service as ServiceName));
    // Risk is ready only once its book agrees with the venue's snapshot, which a lockstep replay
    // releases to it in its first step: started and consuming is what is waited for here.
    await failure.guard(Promise.all([risk.waitReady({ timeoutMs: bootTimeoutMs, pending: ['reconciled'] }), ...strategies.map((child) => child.waitReady({ timeoutMs: bootTimeoutMs }))]));

    const riskGet = async (path: string): Promise<unknown> => {
      const { status, body } = await failure.guard(risk.get(path));
      if (status !== 200) throw new Error(`risk answered ${status} to GET ${path}: ${JSON.stringify(body)}`);
      return body;
    };
    return {
      consumers: chainConsumers(settings.runs),
      strategyQueues: strategies.map((child) => `${child.name}.bars`),
      reconciled: async () => (await failure.guard(risk.get('/health/ready'))).status === 200,
      portfolio: async (): Promise<PortfolioSummary> => {
        const body = (await riskGet('/portfolio')) as PortfolioBody;
        return { equity: body.equity, finalEquity: new ExactDecimal(body.cash).toFixed(2), openPositions: body.positions.length, state: body.tradingState.state };
      },
      decisionLines: async () => {
        const lines: string[] = [];
        let cursor: string | null = null;
        do {
          const page = (await riskGet(`/decisions?limit=500${cursor === null ? '' : `&cursor=${cursor}`}`)) as DecisionsPage;
          // The record is the line parsed: written back, it is the line (JSON.stringify wrote it, in its key order).
          for (const item of page.items) lines.push(JSON.stringify(item.record));
          cursor = page.nextCursor;
        } while (cursor !== null);
        return lines;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
