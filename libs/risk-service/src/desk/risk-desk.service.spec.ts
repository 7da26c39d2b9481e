import type { Database } from '@trading/persistence';
import { openTestDatabase } from '@trading/persistence/testing';
import { riskServiceMigrations } from '../migrations';
import { kernelInputs } from '../testing/kernel-inputs.fixture';
import { agreeingSnapshot, decisionLines, dumpTables, feed, openService, outboxRows } from '../testing/risk-service.harness';

// Two months of EURUSD and GBPUSD H1 (2025) through intraday and sma-crossover: real signals, fills, closes.
const inputs = kernelInputs(['EURUSD', 'GBPUSD'], 1_000);
const STARTUP_EVENTS = new Set(['exposure-gate', 'reconcile']);

describe('the risk desk service on embedded Postgres', () => {
  let database: Database;
  // Starting embedded Postgres takes far longer than Jest's 30 s default for a hook on a loaded machine.
  beforeEach(async () => {
    database = await openTestDatabase({ kind: 'embedded', migrations: [...riskServiceMigrations] });
  }, 120_000);
  afterEach(() => database.close());

  it('decides the message kernel’s inputs exactly as the kernel does: the same decision-log lines and the same orders, batches of 64', async () => {
    // What the kernel did with the 2,000 bars: 82 signals, 60 fills, 44 orders sent to the venue.
    expect(inputs.lines).toHaveLength(424);
    expect(inputs.orderIds).toHaveLength(44);
    const service = await openService(database, inputs.settings);
    await service.handleBatch([agreeingSnapshot(service, 'start')]);
    expect(service.failClosed).toBe(false);
    await feed(service, inputs.messages, 64);
    const lines = (await decisionLines(database)).filter((line) => !STARTUP_EVENTS.has(JSON.parse(line).event));
    expect(lines).toEqual(inputs.lines);
    const orders = await outboxRows(database, ['order.submit']);
    expect(orders.map((row) => row.id)).toEqual(inputs.orderIds);
    // One risk.decision per signal, each naming its signal.
    const signals = inputs.messages.filter((message) => message.type === 'signal');
    const decisions = await outboxRows(database, ['risk.decision']);
    expect(decisions.map((row) => JSON.parse(row.envelope).payload.signalId)).toEqual(signals.map((signal) => signal.id));
    // Fills and closed trades reached their tables; the cash in the account is the book's.
    const [{ fills }] = await database.dataSource.query(`SELECT count(*)::int AS fills FROM "${database.schema}"."risk_fills"`);
    const [{ trades }] = await database.dataSource.query(`SELECT count(*)::int AS trades FROM "${database.schema}"."risk_trades"`);
    // One row per fill the venue reported, as many as the kernel's log has fill lines.
    expect(inputs.lines.filter((line) => line.startsWith('{"event":"fill"'))).toHaveLength(60);
    expect(fills).toBe(60);
    expect(trades).toBe(service.desk.host.desk.trades.length);
    const [{ cash }] = await database.dataSource.query(`SELECT "cash"::text AS cash FROM "${database.schema}"."risk_accounts"`);
    expect(cash).toBe(service.desk.host.desk.book.cash.amount.toFixed());
  }, 300_000);

  it('handles a message delivered twice (in one batch and across batches) once: identical tables', async () => {
    const part = inputs.messages.slice(0, 400);
    const once = await openService(database, inputs.settings);
    await once.handleBatch([agreeingSnapshot(once, 'start')]);
    await feed(once, part, 32);
    const single = await dumpTables(database);
    const twice = await openTestDatabase({ kind: 'embedded', migrations: [...riskServiceMigrations] });
    try {
      const again = await openService(twice, inputs.settings);
      await again.handleBatch([agreeingSnapshot(again, 'start')]);
      await feed(again, part.flatMap((message, i) => (i % 7 === 0 ? [message, message] : [message])), 32);
      await feed(again, part.slice(100, 180), 16);
      const repeated = await dumpTables(twice);
      for (const table of Object.keys(single)) if (table !== 'inbox') expect({ table, rows: repeated[table] }).toEqual({ table, rows: single[table].split(database.schema).join(twice.schema) });
    } finally {
      await twice.close();
    }
  }, 300_000);

  it('restarts mid-stream from the journal and decides the rest as an uninterrupted run does', async () => {
    const uninterrupted = await openService(database, inputs.settings);
    await uninterrupted.handleBatch([agreeingSnapshot(uninterrupted, 'start')]);
    await feed(uninterrupted, inputs.messages, 64);
    const expected = await outboxRows(database, ['order.submit', 'order.cancel', 'risk.decision']);

    const other = await openTestDatabase({ kind: 'embedded', migrations: [...riskServiceMigrations] });
    try {
      const half = Math.floor(inputs.messages.length / 2);
      const first = await openService(other, inputs.settings);
      await first.handleBatch([agreeingSnapshot(first, 'start')]);
      await feed(first, inputs.messages.slice(0, half), 64);
      // Something to carry across the restart: positions open at the cut.
      const ledger = first.desk.host.desk.book.ledger;
      const open = Array.from({ length: ledger.positionCount }, (_, p) => ledger.sideAt(p)).filter((side) => side !== 0);
      expect(open).toEqual([1]);
      // The process dies; a new one opens the same schema.
      const second = await openService(other, inputs.settings);
      expect(second.failClosed).toBe(true);
      expect(second.desk.host.desk.book.cash.amount.toFixed()).toBe(first.desk.host.desk.book.cash.amount.toFixed());
      await second.handleBatch([agreeingSnapshot(second, 'restart')]);
      expect(second.failClosed).toBe(false);
      await feed(second, inputs.messages.slice(half), 64);
      expect(await outboxRows(other, ['order.submit', 'order.cancel', 'risk.decision'])).toEqual(expected);
    } finally {
      await other.close();
    }
  }, 300_000);

  it('refuses to start when the positions table disagrees with the journal, naming the position', async () => {
    const service = await openService(database, inputs.settings);
    await service.handleBatch([agreeingSnapshot(service, 'start')]);
    await feed(service, inputs.messages.slice(0, 600), 64);
    const [row] = await database.dataSource.query(`SELECT "strategy", "symbol" FROM "${database.schema}"."risk_positions" ORDER BY "sequence" LIMIT 1`);
    await database.dataSource.query(`UPDATE "${database.schema}"."risk_positions" SET "lots" = "lots" + 0.01 WHERE "strategy" = $1 AND "symbol" = $2`, [row.strategy, row.symbol]);
    await expect(openService(database, inputs.settings)).rejects.toThrow(new RegExp(`the positions table disagrees with the journal \\(${row.strategy}/${row.symbol}: `));
  }, 300_000);

  it('rebuilds the desk from the journal after a failed transaction, so the retried batch decides as if it had never failed', async () => {
    const service = await openService(database, inputs.settings);
    await service.handleBatch([agreeingSnapshot(service, 'start')]);
    const firstSignal = inputs.messages.findIndex((message) => message.type === 'signal');
    await feed(service, inputs.messages.slice(0, firstSignal), 64);
    const batch = inputs.messages.slice(firstSignal, firstSignal + 64);
    // The decisions table refuses signal lines: the batch's transaction fails after the desk decided.
    await database.dataSource.query(`ALTER TABLE "${database.schema}"."risk_decisions" ADD CONSTRAINT "no_signals" CHECK ("event" <> 'signal')`);
    await expect(service.handleBatch(batch)).rejects.toThrow(/no_signals/);
    await database.dataSource.query(`ALTER TABLE "${database.schema}"."risk_decisions" DROP CONSTRAINT "no_signals"`);
    await service.handleBatch(batch);
    await feed(service, inputs.messages.slice(firstSignal + 64), 64);
    const lines = (await decisionLines(database)).filter((line) => !STARTUP_EVENTS.has(JSON.parse(line).event));
    expect(lines).toEqual(inputs.lines);
  }, 300_000);
});
