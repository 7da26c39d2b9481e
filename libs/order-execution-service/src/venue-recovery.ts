// A restart: the venue is rebuilt by handling its journal again, in order,
// from an empty venue (what it reports is dropped: it was sent the first
// time), then its working orders are checked against the orders table. Both
// were written by the same transactions, so they agree unless someone changed
// a table by hand or the code changed what a message does; then the service
// refuses to start rather than trade on a book it cannot vouch for.
import { type Envelope, type MessageEnvelope, type Topic } from '@trading/contracts';
import { ExactDecimal } from '@trading/domain';
import type { Journal } from '@trading/persistence';
import type { DataSource } from 'typeorm';
import type { BrokerOutput, BrokerPort, VenueView } from './broker/broker.port';
import type { ExecutionTables, WorkingOrderRow } from './persistence/execution-tables';

export class VenueBookMismatch extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VenueBookMismatch';
  }
}

export interface RecoveryOptions {
  readonly dataSource: DataSource;
  readonly consumer: string;
  readonly journal: Journal;
  readonly tables: ExecutionTables;
  readonly newBroker: (listener: (topic: Topic, output: BrokerOutput) => void) => BrokerPort;
}

export async function rebuildVenue(options: RecoveryOptions, live: (topic: Topic, output: BrokerOutput) => void): Promise<{ broker: BrokerPort; replayed: number }> {
  let replaying = true;
  const broker = options.newBroker((topic, output) => {
    if (!replaying) live(topic, output);
  });
  let replayed = 0;
  for await (const entry of options.journal.read(options.dataSource, options.consumer)) {
    await replay(broker, entry.envelope);
    replayed++;
  }
  replaying = false;
  const expected = await options.tables.workingOrders(options.dataSource);
  const difference = compareBooks((await broker.snapshot()).orders, expected);
  if (difference !== undefined) {
    throw new VenueBookMismatch(`the venue rebuilt from ${replayed} journal entries does not match the execution_orders table: ${difference}; refusing to start`);
  }
  return { broker, replayed };
}

async function replay(broker: BrokerPort, envelope: Envelope): Promise<void> {
  if (envelope.type === 'order.submit') await broker.submit(envelope as MessageEnvelope<'order.submit'>);
  else if (envelope.type === 'order.cancel') await broker.cancel(envelope as MessageEnvelope<'order.cancel'>);
  else if (envelope.type === 'market.bar') await broker.onBar(envelope as MessageEnvelope<'market.bar'>);
  else if (envelope.type === 'flow.end' && broker.endOfReplay !== undefined) await broker.endOfReplay(envelope as MessageEnvelope<'flow.end'>);
  else throw new VenueBookMismatch(`the journal holds a ${envelope.type} message (${envelope.id}), which the venue never handles; refusing to start`);
}

/** The first difference between the venue's working orders and the table's, in words; undefined when they agree. */
export function compareBooks(venue: VenueView['orders'], table: readonly WorkingOrderRow[]): string | undefined {
  const rows = new Map(table.map((row) => [row.clientOrderId, row]));
  for (const order of venue) {
    const row = rows.get(order.clientOrderId);
    if (row === undefined) return `order ${order.clientOrderId} works at the venue but is not working in the table`;
    rows.delete(order.clientOrderId);
    for (const [field, a, b] of [
      ['strategy', order.strategy, row.strategy],
      ['symbol', order.symbol, row.symbol],
      ['side', order.side, row.side],
      ['orderType', order.orderType, row.orderType],
      ['size', decimal(order.size), decimal(row.size)],
      ['price', decimal(order.price), decimal(row.price)],
      ['stopLoss', decimal(order.stopLoss), decimal(row.stopLoss)],
      ['takeProfit', decimal(order.takeProfit), decimal(row.takeProfit)],
    ] as const) {
      if (a !== b) return `order ${order.clientOrderId} has ${field} ${a ?? 'none'} at the venue and ${b ?? 'none'} in the table`;
    }
  }
  const [extra] = rows.keys();
  return extra === undefined ? undefined : `order ${extra} is working in the table but not at the venue`;
}

function decimal(text: string | undefined): string | undefined {
  return text === undefined ? undefined : new ExactDecimal(text).toFixed();
}
