import { MessageFactory, type Envelope } from '@trading/contracts';
import { ManualClock, SeededRandom } from '@trading/domain';
import type { Database } from '@trading/persistence';
import { openTestDatabase } from '@trading/persistence/testing';
import { readSharedBars, sharedData } from '@trading/test-support';
import { CONTRACT_FILL_MODEL, ContractMessages, handlerOn, outboxEnvelopes } from './testing';
import { orderExecutionMigrations } from './persistence/migrations';

jest.setTimeout(180_000);

const open = () => openTestDatabase({ kind: 'embedded', migrations: [...orderExecutionMigrations] });
const bars = () => new ContractMessages(readSharedBars(sharedData.eurusdH1(), 'EURUSD', 'H1'));

/** Orders that rest and fire over the first 40 bars of the H1 file: a bracketed limit, a bracketed stop and a bracketed market order. */
function stream(m: ContractMessages): Envelope[] {
  const messages: Envelope[] = [m.bar(0)];
  messages.push(m.submit(0, { key: 'limit', side: 'buy', orderType: 'limit', limitPrice: '1.084', stopLoss: '1.08', takeProfit: '1.0855' }));
  messages.push(m.submit(0, { key: 'stop', side: 'sell', orderType: 'stop', stopPrice: '1.083', stopLoss: '1.0845', takeProfit: '1.078', strategy: 'other' }));
  messages.push(m.submit(0, { key: 'never', side: 'buy', orderType: 'limit', limitPrice: '1.05', strategy: 'third' }));
  for (let i = 1; i < 40; i++) {
    messages.push(m.bar(i));
    if (i === 2) messages.push(m.submit(2, { key: 'market', side: 'sell', stopLoss: '1.0875', takeProfit: '1.0835', strategy: 'fourth' }));
    if (i === 30) messages.push(m.cancel(30, 'never'));
  }
  return messages;
}

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
    const messages = stream(m);
    const straight = await fresh();
    await handleAll(straight, messages);
    const restarted = await fresh();
    const restartAt = messages.findIndex((e) => e.type === 'market.bar' && (e.payload as { time: number }).time === m.bars.time[3]);
    await handleAll(restarted, messages, restartAt);

    const reports = await outboxEnvelopes(straight, ['execution.report']);
    const summary = reports.map((e) => {
      const p = (e as Envelope<Record<string, string>>).payload;
      return `${p.strategy} ${p.status} ${p.side} ${p.averagePrice ?? '-'} ${(p.reason ?? '').split(';')[0]}`;
    });
    expect(summary).toEqual([
      'contract accepted buy - ',
      'other accepted sell - ',
      'third accepted buy - ',
      'fourth accepted sell - ',
      // 17:00 opens at 1.08454 (spread 0): the market sell fills there less 0.2 pips.
      'fourth filled sell 1.08452 contract order market',
      'contract filled buy 1.084 contract order limit',
      'contract filled sell 1.0855 take-profit',
      'other filled sell 1.08298 contract order stop',
      'fourth filled buy 1.0835 take-profit',
      'other filled buy 1.0848 stop-loss, gapped: filled at the open',
      'third cancelled buy - contract cancel never',
    ]);
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
