// Group commit: batches of messages through the handler in one transaction
// each, on embedded Postgres and the vendored EURUSD H1 bars, against the
// same stream handled one message at a time.
import type { Envelope } from '@trading/contracts';
import type { Database } from '@trading/persistence';
import { openTestDatabase } from '@trading/persistence/testing';
import { readSharedBars, sharedData } from '@trading/test-support';
import { CONTRACT_FILL_MODEL, CONTRACT_STREAM_REPORTS, ContractMessages, contractStream, handlerOn, outboxEnvelopes, reportSummary } from './testing';
import { orderExecutionMigrations } from './persistence/migrations';

jest.setTimeout(180_000);

const open = () => openTestDatabase({ kind: 'embedded', migrations: [...orderExecutionMigrations] });
const bars = () => new ContractMessages(readSharedBars(sharedData.eurusdH1(), 'EURUSD', 'H1'));
const dump = (database: Database) => handlerOn(database, { fill: CONTRACT_FILL_MODEL }).tables.dump(database.dataSource);

function batchesOf(messages: readonly Envelope[], size: number): Envelope[][] {
  const batches: Envelope[][] = [];
  for (let i = 0; i < messages.length; i += size) batches.push(messages.slice(i, i + size));
  return batches;
}

describe('the order-execution handler in batches (group commit)', () => {
  const databases: Database[] = [];
  const fresh = async () => {
    const database = await open();
    databases.push(database);
    return database;
  };
  afterEach(async () => {
    for (const database of databases.splice(0)) await database.close();
  });

  async function oneAtATime(messages: readonly Envelope[]): Promise<Database> {
    const database = await fresh();
    const { handler } = handlerOn(database, { fill: CONTRACT_FILL_MODEL });
    await handler.recover();
    for (const envelope of messages) await handler.handle(envelope);
    return database;
  }

  it('skips a duplicate inside a batch and one across batches: the same tables, outbox and reports as one message at a time', async () => {
    const messages = contractStream(bars());
    const straight = await oneAtATime(messages);

    const batched = await fresh();
    const { handler } = handlerOn(batched, { fill: CONTRACT_FILL_MODEL });
    await handler.recover();
    const batches = batchesOf(messages, 9);
    const outcomes: string[][] = [];
    for (let b = 0; b < batches.length; b++) {
      const batch = [...batches[b]];
      // The batch's second message again at its end (a redelivery inside the batch) ...
      if (batch.length > 2) batch.push(batch[1]);
      // ... and the previous batch's last message again at its start (a redelivery across batches).
      if (b > 0) batch.unshift(batches[b - 1][batches[b - 1].length - 1]);
      const handled = await handler.handleBatch(batch);
      outcomes.push(handled.map((message) => message.outcome));
      expect(handled).toHaveLength(batch.length);
    }
    expect(outcomes[0]).toEqual([...Array(9).fill('processed'), 'duplicate']);
    expect(outcomes[1]).toEqual(['duplicate', ...Array(9).fill('processed'), 'duplicate']);
    expect(await outboxEnvelopes(batched)).toEqual(await outboxEnvelopes(straight));
    expect((await outboxEnvelopes(batched, ['execution.report'])).map(reportSummary)).toEqual(CONTRACT_STREAM_REPORTS);
    expect(await dump(batched)).toBe(await dump(straight));
  });

  it('names each message its handling put in the outbox, in order, and the batch handles them as one-at-a-time handling would', async () => {
    const m = bars();
    const order = m.submit(0, { key: 'market', side: 'buy' });
    const database = await fresh();
    const { handler } = handlerOn(database, { fill: CONTRACT_FILL_MODEL });
    await handler.recover();
    const handled = await handler.handleBatch([m.bar(0), order, m.bar(1), m.bar(2)]);
    expect(handled.map((message) => ({ outcome: message.outcome, produced: message.produced.map(reportSummary) }))).toEqual([
      { outcome: 'processed', produced: [] },
      { outcome: 'processed', produced: ['contract accepted buy - '] },
      { outcome: 'processed', produced: ['contract filled buy 1.08597 contract order market'] },
      { outcome: 'processed', produced: [] },
    ]);
    expect(handled.flatMap((message) => message.produced)).toEqual(await outboxEnvelopes(database));
  });

  it('refuses a message it cannot take by index, before the venue sees it, and commits the others', async () => {
    const m = bars();
    const foreign = { ...m.bar(1), id: 'not-for-order-execution', type: 'strategy.signal' } as unknown as Envelope;
    const messages = [m.bar(0), m.submit(0, { key: 'market', side: 'buy' }), m.bar(1), m.bar(2)];
    const straight = await oneAtATime(messages);
    const database = await fresh();
    const { handler } = handlerOn(database, { fill: CONTRACT_FILL_MODEL });
    await handler.recover();
    const handled = await handler.handleBatch([messages[0], messages[1], foreign, messages[2], messages[3]]);
    expect(handled.map((message) => message.outcome)).toEqual(['processed', 'processed', 'rejected', 'processed', 'processed']);
    expect(handled[2]).toEqual({
      outcome: 'rejected',
      reason: 'order-execution does not handle strategy.signal messages (it takes order.submit, order.cancel, market.bar, flow.end and venue.snapshot-request)',
      produced: [],
    });
    expect(await outboxEnvelopes(database)).toEqual(await outboxEnvelopes(straight));
    expect(await dump(database)).toBe(await dump(straight));
    // Alone, the refusal is a RejectMessage (dead-lettered at once by the bus).
    await expect(handler.handle(foreign)).rejects.toThrow(/^order-execution does not handle strategy\.signal messages/);
  });

  it('rebuilds the venue from the journal after a batch whose transaction failed, so the redelivered batch reports as an uninterrupted run', async () => {
    const messages = contractStream(bars());
    const straight = await oneAtATime(messages);

    const database = await fresh();
    const { handler } = handlerOn(database, { fill: CONTRACT_FILL_MODEL });
    await handler.recover();
    const batches = batchesOf(messages, 8);
    // The orders table refuses the 'fourth' strategy's order: the first batch fails at its acceptance,
    // after the venue took the three orders and bars before it (and that order itself).
    await database.dataSource.query(`ALTER TABLE "${database.schema}"."execution_orders" ADD CONSTRAINT "no_fourth" CHECK ("strategy" <> 'fourth')`);
    await expect(handler.handleBatch(batches[0])).rejects.toThrow(/no_fourth/);
    const committed: Array<{ n: number }> = await database.dataSource.query(`SELECT count(*)::int AS n FROM "${database.schema}"."execution_orders"`);
    expect(committed[0].n).toBe(0);
    expect(await outboxEnvelopes(database)).toEqual([]);
    await database.dataSource.query(`ALTER TABLE "${database.schema}"."execution_orders" DROP CONSTRAINT "no_fourth"`);
    // Redelivered: a venue still holding the failed batch's orders would answer them as duplicates and report nothing.
    for (const batch of batches) await handler.handleBatch(batch);
    expect(await outboxEnvelopes(database)).toEqual(await outboxEnvelopes(straight));
    expect(await dump(database)).toBe(await dump(straight));
  });
});
