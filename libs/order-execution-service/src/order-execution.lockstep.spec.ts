// The service in a lockstep replay on the in-process bus: the coordinator of
// @trading/runtime publishes 20 real EURUSD H1 bars and the orders sent
// between them one step at a time, and each step ends only once the service
// handled it and everything it produced was on the bus. Every step settles,
// and the reports are those of the handler run straight through.
import { type Envelope, MessageFactory, parseRoutePattern } from '@trading/contracts';
import { ManualClock, SeededRandom } from '@trading/domain';
import { InProcessBus } from '@trading/messaging';
import type { Database } from '@trading/persistence';
import { openTestDatabase } from '@trading/persistence/testing';
import { LockstepCoordinator, busReceipts } from '@trading/runtime';
import { readSharedBars, sharedData } from '@trading/test-support';
import { ORDER_EXECUTION_QUEUE } from './bus/orders.controller';
import { orderExecutionMigrations } from './persistence/migrations';
import { CONTRACT_FILL_MODEL, ContractMessages, handlerOn, inputTopic, outboxEnvelopes, reportSummary, serviceOn } from './testing';

jest.setTimeout(240_000);

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** 20 bars, with a bracketed limit, a bracketed stop and a resting limit after the first, a market order after the third, and a cancel after the eleventh. */
function steps(m: ContractMessages): Envelope[] {
  const messages: Envelope[] = [];
  for (let i = 0; i < 20; i++) {
    messages.push(m.bar(i));
    if (i === 0) {
      messages.push(m.submit(0, { key: 'limit', side: 'buy', orderType: 'limit', limitPrice: '1.084', stopLoss: '1.08', takeProfit: '1.0855' }));
      messages.push(m.submit(0, { key: 'stop', side: 'sell', orderType: 'stop', stopPrice: '1.083', stopLoss: '1.0845', takeProfit: '1.078', strategy: 'other' }));
      messages.push(m.submit(0, { key: 'never', side: 'buy', orderType: 'limit', limitPrice: '1.05', strategy: 'third' }));
    }
    if (i === 2) messages.push(m.submit(2, { key: 'market', side: 'sell', stopLoss: '1.0875', takeProfit: '1.0835', strategy: 'fourth' }));
    if (i === 10) messages.push(m.cancel(10, 'never'));
  }
  return messages;
}

describe('order-execution in a lockstep replay', () => {
  const databases: Database[] = [];
  afterAll(async () => {
    for (const database of databases) await database.close();
  });
  const open = async () => {
    const database = await openTestDatabase({ kind: 'embedded', migrations: [...orderExecutionMigrations] });
    databases.push(database);
    return database;
  };

  it('settles every step of 20 real bars and their orders, with the reports of the uninterrupted run', async () => {
    const messages = steps(new ContractMessages(readSharedBars(sharedData.eurusdH1(), 'EURUSD', 'H1')));
    const straight = await open();
    const { handler } = handlerOn(straight, { fill: CONTRACT_FILL_MODEL });
    await handler.recover();
    for (const envelope of messages) await handler.handle(envelope);
    const expected = await outboxEnvelopes(straight, ['execution.report']);
    expect(expected.map(reportSummary)).toEqual([
      'contract accepted buy - ',
      'other accepted sell - ',
      'third accepted buy - ',
      'fourth accepted sell - ',
      'fourth filled sell 1.08452 contract order market',
      'contract filled buy 1.084 contract order limit',
      'contract filled sell 1.0855 take-profit',
      'third cancelled buy - contract cancel never',
      'other filled sell 1.08298 contract order stop',
      'fourth filled buy 1.0835 take-profit',
      'other filled buy 1.0848 stop-loss, gapped: filled at the open',
    ]);

    const database = await open();
    const bus = new InProcessBus();
    const factory = (producer: string) => new MessageFactory({ clock: new ManualClock(0), random: new SeededRandom(5), producer });
    const coordinator = await LockstepCoordinator.start({
      bus,
      consumers: [{ queue: ORDER_EXECUTION_QUEUE.name, bindings: ORDER_EXECUTION_QUEUE.bindings }],
      queue: 'lockstep.tap',
      factory: factory('lockstep'),
      stepTimeoutMs: 30_000,
    });
    const reports: Envelope[] = [];
    await bus.consume({ queue: 'spec.reports', bindings: [parseRoutePattern('execution.report.*')], handler: async ({ envelope }) => void reports.push(envelope) });
    const service = await serviceOn(database, bus, { fill: CONTRACT_FILL_MODEL, receipts: busReceipts(bus, factory('order-execution')) });
    try {
      const handled = async (id: string): Promise<boolean> => {
        const rows: unknown[] = await database.dataSource.query(`SELECT 1 FROM "${database.schema}"."inbox" WHERE "message_id" = $1`, [id]);
        return rows.length === 1;
      };
      for (const envelope of messages) {
        await coordinator.step(envelope.occurredAt, async () => {
          await bus.publish(inputTopic(envelope), envelope);
          return [envelope.id];
        });
        // Settled means handled and committed, not merely delivered.
        expect(await handled(envelope.id)).toBe(true);
      }
      expect(coordinator.counts()).toEqual({ steps: messages.length, releases: 0 });
      await until(() => reports.length >= expected.length, `${expected.length} reports`);
      expect(reports).toEqual(expected);
    } finally {
      await coordinator.stop();
      await service.stop();
      await bus.close();
    }
  });
});
