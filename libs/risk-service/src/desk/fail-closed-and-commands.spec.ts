import type { Database } from '@trading/persistence';
import { openTestDatabase } from '@trading/persistence/testing';
import { riskServiceMigrations } from '../migrations';
import { kernelInputs } from '../testing/kernel-inputs.fixture';
import { agreeingSnapshot, command, feed, openService, outboxRows } from '../testing/risk-service.harness';

const inputs = kernelInputs(['EURUSD', 'GBPUSD'], 600);
const firstSignal = inputs.messages.findIndex((message) => message.type === 'signal');

describe('fail-closed start and operator commands', () => {
  let database: Database;
  // Starting embedded Postgres takes far longer than Jest's 30 s default for a hook on a loaded machine.
  beforeEach(async () => {
    database = await openTestDatabase({ kind: 'embedded', migrations: [...riskServiceMigrations] });
  }, 120_000);
  afterEach(() => database.close());

  it('asks the venue for a snapshot at start and rejects new exposure as VENUE_UNRECONCILED until one agrees', async () => {
    const service = await openService(database, inputs.settings);
    expect(await outboxRows(database, ['venue.snapshot-request'])).toHaveLength(1);
    const [started] = await outboxRows(database, ['risk.state']);
    expect(JSON.parse(started.envelope).payload).toMatchObject({ state: 'REDUCING', previousState: null, reasonCode: 'VENUE_UNRECONCILED' });
    await feed(service, inputs.messages.slice(0, firstSignal + 1), 64);
    const [decision] = await outboxRows(database, ['risk.decision']);
    expect(JSON.parse(decision.envelope).payload).toMatchObject({ decision: 'rejected', reasonCode: 'VENUE_UNRECONCILED', tradingState: 'REDUCING' });
    expect(await outboxRows(database, ['order.submit'])).toHaveLength(0);
    const [refusal] = await database.dataSource.query(`SELECT "code", "reason" FROM "${database.schema}"."risk_decisions" WHERE "event" = 'refuse'`);
    expect(refusal.code).toBe('VENUE_UNRECONCILED');

    // A venue that holds a position the desk does not know: still closed, the difference named.
    await service.handleBatch([agreeingSnapshot(service, 'wrong', (p) => ({ ...p, positions: [{ strategy: 'intraday', symbol: 'EURUSD', size: '0.5', averagePrice: '1.08' }] }))]);
    expect(service.failClosed).toBe(true);
    const states = await outboxRows(database, ['risk.state']);
    expect(JSON.parse(states[states.length - 1].envelope).payload).toMatchObject({
      state: 'REDUCING',
      reasonCode: 'VENUE_UNRECONCILED',
      reason: 'the book disagrees with the venue: position intraday/EURUSD of 0.5 lots at the venue is unknown to the desk',
    });

    await service.handleBatch([agreeingSnapshot(service, 'right')]);
    expect(service.failClosed).toBe(false);
    const last = await outboxRows(database, ['risk.state']);
    expect(JSON.parse(last[last.length - 1].envelope).payload).toMatchObject({ state: 'ACTIVE', previousState: 'REDUCING' });
    await feed(service, inputs.messages.slice(firstSignal + 1), 64);
    // Once reconciled, it sends the orders the kernel sent on the same inputs.
    expect(await outboxRows(database, ['order.submit'])).toHaveLength(inputs.orderIds.length);
    expect(inputs.orderIds).toHaveLength(22);
  }, 300_000);

  it('lets closing orders through while fail-closed: a restart with an open position still closes it on a flat signal', async () => {
    const first = await openService(database, inputs.settings);
    await first.handleBatch([agreeingSnapshot(first, 'start')]);
    let at = 0;
    // Up to the first moment a position is open and a later flat or opposite signal of its strategy exists.
    const ledger = first.desk.host.desk.book.ledger;
    const openPosition = () => [...Array(ledger.positionCount).keys()].map((p) => ledger.view(p)).find((view) => view.side !== 0);
    while (at < inputs.messages.length && openPosition() === undefined) await first.handleBatch([inputs.messages[at++]]);
    const open = openPosition();
    // sma-crossover's short of 0.18 EURUSD from 2025-07-07 13:00, opened by message 529.
    expect(at).toBe(529);
    expect({ strategy: open?.strategy, symbol: open?.symbol, side: open?.side, quantity: String(open?.quantity), entryPrice: String(open?.entryPrice), entryTime: open?.entryTime }).toEqual({
      strategy: 'sma-crossover',
      symbol: 'EURUSD',
      side: -1,
      quantity: '0.18',
      entryPrice: '1.17338',
      entryTime: Date.UTC(2025, 6, 7, 13),
    });
    const restarted = await openService(database, inputs.settings);
    expect(restarted.failClosed).toBe(true);
    const before = (await outboxRows(database, ['order.submit'])).length;
    const closing = inputs.messages.slice(at).find((m) => m.type === 'signal' && (m.payload as { strategy: string; side: string }).strategy === open?.strategy && (m.payload as { symbol: string }).symbol === open?.symbol && (m.payload as { side: string }).side !== (open?.side === 1 ? 'buy' : 'sell'));
    // Its next cross, up, at 2025-07-10 09:00.
    expect(closing?.payload).toMatchObject({ strategy: 'sma-crossover', symbol: 'EURUSD', side: 'buy', barTime: Date.UTC(2025, 6, 10, 9) });
    await restarted.handleBatch([closing as never]);
    const orders = await outboxRows(database, ['order.submit']);
    expect(orders.length).toBe(before + 1);
    expect(JSON.parse(orders[orders.length - 1].envelope).payload).toMatchObject({ reduceOnly: true, strategy: 'sma-crossover', symbol: 'EURUSD', side: 'buy', size: '0.18' });
  }, 300_000);

  it('kills, resumes and sets limits through the desk, auditing every command; a bad limits document is refused naming the field', async () => {
    const service = await openService(database, inputs.settings);
    await service.handleBatch([agreeingSnapshot(service, 'start')]);
    await feed(service, inputs.messages.slice(0, firstSignal), 64);
    const now = service.desk.host.now();
    const bad = command({ action: 'set-limits', requestedBy: 'alice', reason: 'tighter', limits: '{"maxOpenPositions": 0, "sizing": {"riskPerTrade": "high"}}' }, now, 'bad');
    const report = await service.handleBatch([bad]);
    expect(report.outcomes).toEqual([{ id: bad.id, outcome: 'refused', reason: 'limits: maxOpenPositions: must be >= 1; sizing.riskPerTrade: must be a finite number', produced: [], held: 0 }]);
    const good = command({ action: 'set-limits', requestedBy: 'alice', reason: 'one position at a time', limits: '{"maxOpenPositions": 1}' }, now, 'good');
    const kill = command({ action: 'kill', requestedBy: 'bob', reason: 'drill' }, now + 1, 'kill');
    const resume = command({ action: 'resume', requestedBy: 'bob', reason: 'drill over' }, now + 2, 'resume');
    await service.handleBatch([good, kill, resume]);
    const audit = await database.dataSource.query(`SELECT "action", "requested_by", "outcome", "detail" FROM "${database.schema}"."risk_commands" ORDER BY "sequence"`);
    expect(audit).toEqual([
      { action: 'set-limits', requested_by: 'alice', outcome: 'refused', detail: report.outcomes[0].reason },
      { action: 'set-limits', requested_by: 'alice', outcome: 'applied', detail: null },
      { action: 'kill', requested_by: 'bob', outcome: 'applied', detail: null },
      { action: 'resume', requested_by: 'bob', outcome: 'applied', detail: null },
    ]);
    const limits = await database.dataSource.query(`SELECT "version", "set_by", "document" FROM "${database.schema}"."risk_limits" ORDER BY "version"`);
    expect(limits.map((row: { version: number; set_by: string }) => [row.version, row.set_by])).toEqual([
      [1, 'configuration'],
      [2, 'alice'],
    ]);
    expect(JSON.parse(limits[1].document).maxOpenPositions).toBe(1);
    const states = (await outboxRows(database, ['risk.state'])).map((row) => JSON.parse(row.envelope).payload);
    expect(states.slice(-2).map((s: { state: string; reasonCode: string }) => [s.state, s.reasonCode])).toEqual([
      ['HALTED', 'KILL_SWITCH'],
      ['ACTIVE', 'ACTIVE'],
    ]);
    // From the next decision on, one open position at most: no second position is ever opened.
    await feed(service, inputs.messages.slice(firstSignal), 64);
    const rejected = await database.dataSource.query(`SELECT count(*)::int AS n FROM "${database.schema}"."risk_decisions" WHERE "event" = 'risk-decision' AND "code" = 'MAX_OPEN_POSITIONS'`);
    expect(rejected[0].n).toBe(13);
    // A restart replays the set-limits command: the rebuilt desk has the same limits.
    const restarted = await openService(database, inputs.settings);
    expect((restarted.desk.host.desk.policy.settings?.() as { maxOpenPositions: number }).maxOpenPositions).toBe(1);
  }, 300_000);
});
