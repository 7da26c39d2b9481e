// What each service of `trading run` runs on. Embedded (no AMQP_URL): one
// in-process bus for all of them (it is the broker) and a database of its own
// for each stateful service. With AMQP_URL and DATABASE_URL: each service its
// own broker connection and its own pool, in a schema of its own for this run
// (the run is a replay: it starts from empty tables and drops them after), as
// if each ran in its own process.
import { SeededRandom } from '@trading/domain';
import type { MessageBus } from '@trading/messaging';
import type { Logger } from '@trading/observability';
import { type Database, databaseOptionsFromConfig } from '@trading/persistence';
import { openBus, openDatabaseNamingTheSetting, openInfrastructure } from '@trading/runtime';
import type { RoutePattern } from '@trading/contracts';
import type { RunEnvironment } from './run-options';

export interface ServiceInfrastructure {
  readonly bus: MessageBus;
  readonly database: Database;
  close(): Promise<void>;
}

export interface ServiceInfrastructureOptions {
  readonly service: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for migration classes
  readonly migrations: readonly Function[];
  readonly mayBeUnroutable?: readonly RoutePattern[];
}

export class RunInfrastructure {
  constructor(
    private readonly environment: RunEnvironment,
    /** The embedded run's one bus. */
    private readonly sharedBus: MessageBus,
    private readonly seed: number,
    private readonly logger: Logger,
    /** Prefix of this run's schemas on a real Postgres, `r<run>_<service>`, locked by the run (./run-schemas). */
    private readonly runTag: string,
  ) {}

  get distributed(): boolean {
    return this.environment.amqpUrl !== undefined;
  }

  async open(options: ServiceInfrastructureOptions): Promise<ServiceInfrastructure> {
    const base = databaseOptionsFromConfig(this.environment.database, options.service);
    const schema = base.kind === 'postgres' ? `${this.runTag}_${options.service.replace(/-/g, '_')}` : (base.schema ?? 'public');
    const database = { ...base, schema, migrations: [...options.migrations] };
    if (this.environment.amqpUrl === undefined) {
      const opened = await openDatabaseNamingTheSetting(database);
      return { bus: this.sharedBus, database: opened, close: () => opened.close() };
    }
    const infra = await openInfrastructure({
      service: options.service,
      amqpUrl: this.environment.amqpUrl,
      database,
      random: new SeededRandom(this.seed ^ 0x5eed),
      logger: this.logger.child({ service: options.service }),
      mayBeUnroutable: options.mayBeUnroutable,
    });
    return {
      bus: infra.bus,
      database: infra.database,
      close: async () => {
        // The run's tables go with it: a replay always starts from an empty book.
        if (infra.database.kind === 'postgres') await infra.database.dataSource.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
        await infra.close();
      },
    };
  }

  /** A bus for a service that keeps no tables (the strategies). */
  async openBus(service: string, mayBeUnroutable: readonly RoutePattern[] = []): Promise<Pick<ServiceInfrastructure, 'bus' | 'close'>> {
    if (this.environment.amqpUrl === undefined) return { bus: this.sharedBus, close: async () => undefined };
    const opened = await openBus({ service, amqpUrl: this.environment.amqpUrl, random: new SeededRandom(this.seed ^ 0xb05), logger: this.logger.child({ service }), mayBeUnroutable });
    return { bus: opened.bus, close: opened.close };
  }
}
