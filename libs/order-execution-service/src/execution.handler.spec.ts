import { MessageFactory, type Envelope } from '@trading/contracts';
import { ManualClock, SeededRandom } from '@trading/domain';
import type { Database } from '@trading/persistence';
import { openTestDatabase } from '@trading/persistence/testing';
import { readSharedBars, sharedData } from '@trading/test-support';
import { CONTRACT_FILL_MODEL, CONTRACT_STREAM_REPORTS, ContractMessages, contractStream, reportSummary, handlerOn, outboxEnvelopes } from './testing';
import { orderExecutionMigrations } from './persistence/migrations';

jest.setTimeout(180_000);

const open = () => openTestDatabase({ kind: 'embedded', migrations: [...orderExecutionMigrations] });
const bars = () => new ContractMessages(readSharedBars(sharedData.eurusdH1(), 'EURUSD', 'H1'));

const dump = (database: Database) => handlerOn(database, { fill: CONTRACT_FILL_MODEL }).tables.dump(database.dataSource);

async function handleAll(database: Database, messages: readonly Envelope[], restartAt?: number) {
  let { handler } = handlerOn(database, { fill: CONTRACT_FILL_MODEL });
  await handler.recover();
  for (let k = 0; k < messages.length; k++) {
    if (k === restartAt) {
      // A new process on the same tables: the venue exists only as the journal.
      ({ handler } = handlerOn(database, { fill: CONTRACT_FILL_MODEL }));
      await handler.recover();
    }
    await handler.handle(messages[k]);
  }
  return handler;
}

describe('the order-execution handler on embedded Postgres', () => {
  const databases: Database[] = [];
  const fresh = async () => {
    const database = await open();
    databases.push(database);
    return database;
  };
  afterEach(async () => {
    for (const database of databases.splice(0)) await database.close();
  });

  it('books every report in its tables and outbox in the transaction of the message, and restarts mid-stream from the journal with the same reports as an uninterrupted run', async () => {
    const m = bars();
    const messages = contractStream(m);
    const straight = await fresh();
    await handleAll(straight, messages);
    const restarted = await fresh();
    const restartAt = messages.findIndex((e) => e.type === 'market.bar' && (e.payload as { time: number }).time === m.bars.time[3]);
    await handleAll(restarted, messages, restartAt);

    const reports = await outboxEnvelopes(straight, ['execution.report']);
    expect(reports.map(reportSummary)).toEqual(CONTRACT_STREAM_REPORTS);
    // The resting limit, stop and brackets all fired after the restart, as in the run without one.
    expect(await outboxEnvelopes(restarted, ['execution.report'])).toEqual(reports);
    expect(await dump(restarted)).toBe(await dump(straight));
    const orders: Array<{ client_order_id: string; status: string; origin: string }> = await straight.dataSource.query(`SELECT "client_order_id", "status", "origin" FROM "${straight.schema}"."execution_orders"`);
    expect(orders.filter((o) => o.origin === 'risk').map((o) => o.status).sort()).toEqual(['cancelled', 'filled', 'filled', 'filled']);
    expect(orders.filter((o) => o.origin === 'venue')).toHaveLength(3);
  });

  it('a redelivered order.submit (same message id) and a resent one (new id, same client order id) open no second position: identical tables and reports', async () => {
    const m = bars();
    const once = await fresh();
    const order = m.submit(0, { key: 'dup', side: 'buy' });
    await handleAll(once, [order, m.bar(1), m.bar(2)]);
    const twice = await fresh();
    await handleAll(twice, [order, order, m.submit(0, { key: 'dup', side: 'buy' }), m.bar(1), m.bar(1), m.submit(1, { key: 'dup', side: 'buy' }), m.bar(2)]);
    expect(await dump(twice)).toBe(await dump(once));
    expect(await outboxEnvelopes(twice)).toEqual(await outboxEnvelopes(once));
    const fills: Array<{ n: number }> = await twice.dataSource.query(`SELECT count(*)::int AS n FROM "${twice.schema}"."execution_fills"`);
    expect(fills[0].n).toBe(1);
  });

  it('refuses to start, in one line, when the rebuilt book does not match the orders table', async () => {
    const m = bars();
    const database = await fresh();
    await handleAll(database, [m.submit(0, { key: 'resting', side: 'buy', orderType: 'limit', limitPrice: '1.05' }), m.bar(1)]);
    await database.dataSource.query(`UPDATE "${database.schema}"."execution_orders" SET "status" = 'cancelled'`);
    const { handler } = handlerOn(database, { fill: CONTRACT_FILL_MODEL });
    await expect(handler.recover()).rejects.toThrow(
      new RegExp(`^the venue rebuilt from 2 journal entries does not match the execution_orders table: order ${m.clientOrderId('resting')} works at the venue but is not working in the table; refusing to start$`),
    );
  });

  it('answers a venue.snapshot-request with the working orders and positions, naming the request', async () => {
    const m = bars();
    const database = await fresh();
    const request = new MessageFactory({ clock: new ManualClock(1), random: new SeededRandom(3), producer: 'risk' }).create('venue.snapshot-request', { requestedBy: 'risk', reason: 'risk started' });
    const handler = await handleAll(database, [m.submit(0, { key: 'filled', side: 'buy' }), m.submit(0, { key: 'resting', side: 'sell', orderType: 'limit', limitPrice: '1.1' }), m.bar(1), request]);
    await handler.announce();
    const snapshots = (await outboxEnvelopes(database, ['venue.snapshot'])).map((e) => e as Envelope<Record<string, unknown>>);
    expect(snapshots.map((s) => s.payload.requestId)).toEqual([request.id, null]);
    expect(snapshots[0].causationId).toBe(request.id);
    expect(snapshots[0].payload).toMatchObject({
      venue: 'paper',
      cash: '9993',
      orders: [expect.objectContaining({ clientOrderId: m.clientOrderId('resting'), orderType: 'limit', price: '1.1' })],
      positions: [{ strategy: 'contract', symbol: 'EURUSD', size: '1', averagePrice: '1.08597' }],
    });
  });
});
