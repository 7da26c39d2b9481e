// The service's handler on a test database, without a bus: messages go in by
// hand, what it would send is read back from its outbox.
import { type Envelope, MessageFactory } from '@trading/contracts';
import { ManualClock, Money, SeededRandom, instrumentFor } from '@trading/domain';
import { Inbox, Journal, Outbox, type Database } from '@trading/persistence';
import { PaperBroker } from '../broker/paper-broker.adapter';
import { ExecutionHandler } from '../execution.handler';
import { ExecutionTables } from '../persistence/execution-tables';
import type { FillModel } from '@trading/simulated-venue';

export interface HarnessOptions {
  readonly fill: FillModel;
  readonly symbols?: readonly string[];
}

/** A handler as a fresh process would build it on `database` (call recover() before handling). */
export function handlerOn(database: Database, options: HarnessOptions): { handler: ExecutionHandler; tables: ExecutionTables } {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const schema = database.schema;
  const tables = new ExecutionTables(schema, 'paper');
  const instruments = (options.symbols ?? ['EURUSD']).map((symbol) => instrumentFor(symbol));
  const handler = new ExecutionHandler({
    dataSource: database.dataSource,
    consumer: 'order-execution',
    newBroker: (listener) => new PaperBroker({ instruments, fill: options.fill, initialCash: Money.of(10_000, 'USD'), timeframe: 'H1' }, listener),
    inbox: new Inbox({ clock, schema }),
    outbox: new Outbox({ clock, schema }),
    journal: new Journal({ clock, schema }),
    tables,
    factory: new MessageFactory({ clock, random: new SeededRandom(1), producer: 'order-execution' }),
    wallClock: clock,
  });
  return { handler, tables };
}

/** The envelopes the handler committed for sending, in outbox order, as JSON. */
export async function outboxEnvelopes(database: Database, types?: readonly string[]): Promise<Envelope[]> {
  const rows: Array<{ envelope: Envelope | string }> = await database.dataSource.query(`SELECT "envelope" FROM "${database.schema}"."outbox" ORDER BY "sequence"`);
  return rows.map((row) => (typeof row.envelope === 'string' ? (JSON.parse(row.envelope) as Envelope) : row.envelope)).filter((envelope) => types === undefined || types.includes(envelope.type));
}
