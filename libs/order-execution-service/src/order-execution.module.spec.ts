// The service booted as its hosts boot it (createOrderExecutionService: a bus
// microservice whose controller feeds the handler), on embedded Postgres and
// the in-process bus, driven with the orders and bars of the vendored EURUSD
// H1 file: what reaches the bus, and what the transport does with a handler
// that fails for a while or refuses a message for good.
import { type Envelope, type MessageEnvelope, parseRoutePattern } from '@trading/contracts';
import { InProcessBus, RejectMessage } from '@trading/messaging';
import type { Database } from '@trading/persistence';
import { openTestDatabase } from '@trading/persistence/testing';
import { readSharedBars, sharedData } from '@trading/test-support';
import type { BrokerPort } from './broker/broker.port';
import { ORDER_EXECUTION_QUEUE } from './bus/orders.controller';
import type { OrderExecutionService } from './order-execution.service';
import { orderExecutionMigrations } from './persistence/migrations';
import { CONTRACT_FILL_MODEL, CONTRACT_STREAM_REPORTS, ContractMessages, contractStream, inputTopic, reportSummary, serviceOn } from './testing';

jest.setTimeout(180_000);

async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('the order-execution service on the bus transport', () => {
  let database: Database;
  let bus: InProcessBus;
  let service: OrderExecutionService | undefined;
  let received: Envelope[];

  beforeEach(async () => {
    database = await openTestDatabase({ kind: 'embedded', migrations: [...orderExecutionMigrations] });
    bus = new InProcessBus();
    received = [];
    await bus.consume({ queue: 'spec.outputs', bindings: ['execution.report.*', 'venue.snapshot'].map(parseRoutePattern), handler: async ({ envelope }) => void received.push(envelope) });
  });

  afterEach(async () => {
    await service?.stop();
    service = undefined;
    await bus.close();
    await database.close();
  });

  const reports = () => received.filter((envelope) => envelope.type === 'execution.report');
  const publishAll = async (messages: readonly Envelope[]) => {
    for (const envelope of messages) await bus.publish(inputTopic(envelope), envelope);
  };

  it('consumes its queue through the controller and sends back the reports of the contract stream, in order', async () => {
    service = await serviceOn(database, bus, { fill: CONTRACT_FILL_MODEL });
    expect(service.consumers()).toEqual([
      { queue: 'order-execution.orders', bindings: ['order.submit.*', 'order.cancel.*', 'market.bar.*.*', 'venue.snapshot-request', 'flow.end'], kind: 'batch', handler: 'OrdersController.onBatch' },
    ]);
    await until(() => received.some((envelope) => envelope.type === 'venue.snapshot'), 'the start snapshot');

    await publishAll(contractStream(new ContractMessages(readSharedBars(sharedData.eurusdH1(), 'EURUSD', 'H1'))));
    await until(() => reports().length >= CONTRACT_STREAM_REPORTS.length, `${CONTRACT_STREAM_REPORTS.length} reports`);
    expect(reports().map(reportSummary)).toEqual(CONTRACT_STREAM_REPORTS);
    await until(() => bus.stats().find((stats) => stats.queue === ORDER_EXECUTION_QUEUE.name)?.waiting === 0, 'the queue to drain');

    await service.stop();
    expect(service.consumers()).toEqual([]);
  });

  it('redelivers a message whose handling failed and handles it once, and dead-letters a refused one at once with its reason, in queue order', async () => {
    const m = new ContractMessages(readSharedBars(sharedData.eurusdH1(), 'EURUSD', 'H1'));
    const flaky = m.submit(0, { key: 'flaky', side: 'buy' });
    const refused = m.submit(0, { key: 'refused', side: 'sell', strategy: 'other' });
    const thrown: string[] = [];
    const wrapBroker = (paper: BrokerPort): BrokerPort => ({
      venue: paper.venue,
      submit: async (order) => {
        if (order.id === flaky.id && thrown.length < 2) {
          thrown.push('unreachable');
          throw new Error('venue unreachable');
        }
        if (order.id === refused.id) {
          thrown.push('refused');
          throw new RejectMessage('the venue refuses this account');
        }
        return paper.submit(order);
      },
      cancel: (cancel) => paper.cancel(cancel),
      onBar: (bar) => paper.onBar(bar),
      snapshot: () => paper.snapshot(),
    });
    service = await serviceOn(database, bus, { fill: CONTRACT_FILL_MODEL, wrapBroker });
    await publishAll([m.bar(0), flaky, refused, m.bar(1)]);

    await until(() => reports().some((report) => (report.payload as { status: string }).status === 'filled'), 'the fill of the flaky order');
    const letters = await bus.takeDeadLetters(ORDER_EXECUTION_QUEUE.name);
    expect(letters.map(({ reason, body }) => ({ reason, id: (JSON.parse(body) as Envelope).id }))).toEqual([{ reason: 'rejected by the handler: the venue refuses this account', id: refused.id }]);
    // A refusal thrown by the venue comes after the venue moved, so it fails its batch like any error: the refused
    // order was delivered once in the failed batch with the flaky one, or not (when the bus took it alone), then alone.
    expect([1, 2]).toContain(letters[0].deliveryCount);
    // Twice unreachable, then accepted on the third delivery, before the refused order was tried once.
    expect(thrown).toEqual(['unreachable', 'unreachable', 'refused']);
    // One acceptance and one fill (bar 1 opens at 1.08584, + 11 points of spread + 0.2 pips of slippage):
    // the failed attempts left nothing, in the tables or on the bus.
    expect(reports().map(reportSummary)).toEqual(['contract accepted buy - ', 'contract filled buy 1.08597 contract order flaky']);
    const orders: Array<{ client_order_id: string; status: string }> = await database.dataSource.query(`SELECT "client_order_id", "status" FROM "${database.schema}"."execution_orders"`);
    expect(orders).toEqual([{ client_order_id: m.clientOrderId('flaky'), status: 'filled' }]);
    expect((reports()[1] as MessageEnvelope<'execution.report'>).causationId).toBe(m.bar(1).id);
  });
});
