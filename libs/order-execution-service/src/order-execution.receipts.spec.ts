// Lockstep receipts: after each message it handled, the service sends a
// flow.handled receipt naming exactly the envelopes that handling put in its
// outbox (which the relay then publishes); a redelivered message the inbox
// skips produced nothing new, and its receipt names nothing.
import { type Envelope, MessageFactory, type MessageHandled, parseRoutePattern } from '@trading/contracts';
import { ManualClock, SeededRandom } from '@trading/domain';
import { InProcessBus } from '@trading/messaging';
import type { Database } from '@trading/persistence';
import { openTestDatabase } from '@trading/persistence/testing';
import { busReceipts, type HandledReceipts } from '@trading/runtime';
import { readSharedBars, sharedData } from '@trading/test-support';
import type { OrderExecutionService } from './order-execution.service';
import { orderExecutionMigrations } from './persistence/migrations';
import { CONTRACT_FILL_MODEL, CONTRACT_STREAM_REPORTS, ContractMessages, contractStream, inputTopic, outboxEnvelopes, reportSummary, serviceOn } from './testing';

jest.setTimeout(180_000);

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('lockstep receipts of the order-execution service', () => {
  let database: Database;
  let bus: InProcessBus;
  let service: OrderExecutionService | undefined;

  beforeAll(async () => {
    database = await openTestDatabase({ kind: 'embedded', migrations: [...orderExecutionMigrations] });
    bus = new InProcessBus();
  });

  afterAll(async () => {
    await service?.stop();
    await bus?.close();
    await database?.close();
  });

  it('name, once for each bar, order and snapshot request, exactly the envelopes its handling sent, also when a receipt failed after the commit', async () => {
    const receipts: MessageHandled[] = [];
    const published: Envelope[] = [];
    await bus.consume({ queue: 'spec.receipts', bindings: [parseRoutePattern('flow.handled')], handler: async ({ envelope }) => void receipts.push(envelope.payload as MessageHandled) });
    await bus.consume({ queue: 'spec.outputs', bindings: ['execution.report.*', 'venue.snapshot'].map(parseRoutePattern), handler: async ({ envelope }) => void published.push(envelope) });

    const m = new ContractMessages(readSharedBars(sharedData.eurusdH1(), 'EURUSD', 'H1'));
    const request = new MessageFactory({ clock: new ManualClock(m.closeOf(39)), random: new SeededRandom(4), producer: 'risk' }).create('venue.snapshot-request', { requestedBy: 'risk', reason: 'reconcile' });
    const messages = [...contractStream(m), request];
    const market = messages.find((envelope) => envelope.type === 'order.submit' && (envelope.payload as { strategy: string }).strategy === 'fourth') as Envelope;
    // The market order's first receipt cannot be sent: the delivery fails after its commit and comes back.
    const sent = busReceipts(bus, new MessageFactory({ clock: new ManualClock(0), random: new SeededRandom(1), producer: 'order-execution' }));
    let refusedOnce = false;
    const flaky: HandledReceipts = {
      send: async (consumer, handled, produced, held) => {
        if (handled.id === market.id && !refusedOnce) {
          refusedOnce = true;
          throw new Error('the broker did not confirm the receipt');
        }
        await sent.send(consumer, handled, produced, held);
      },
    };
    service = await serviceOn(database, bus, { fill: CONTRACT_FILL_MODEL, receipts: flaky });
    for (const envelope of messages) await bus.publish(inputTopic(envelope), envelope);

    await until(() => receipts.length === messages.length && published.length === 1 + CONTRACT_STREAM_REPORTS.length + 1, 'a receipt per message and every report');
    expect(refusedOnce).toBe(true);
    expect(receipts.map((receipt) => receipt.messageId)).toEqual(messages.map((envelope) => envelope.id));
    expect(new Set(receipts.map((receipt) => `${receipt.consumer} held ${receipt.held}`))).toEqual(new Set(['order-execution.orders held 0']));

    const causedBy = (id: string) => published.filter((envelope) => envelope.causationId === id).map((envelope) => envelope.id);
    const producedBy = (id: string) => (receipts.find((receipt) => receipt.messageId === id) as MessageHandled).produced;
    const marketAccepted = published.find((envelope) => envelope.causationId === market.id) as Envelope;
    expect(reportSummary(marketAccepted)).toBe('fourth accepted sell - ');
    // Its handling committed and its report went out; the receipt that came with the redelivery (the
    // message now a duplicate) names what that committed handling produced, remembered by the controller.
    expect(producedBy(market.id)).toEqual([marketAccepted.id]);
    for (const envelope of messages) if (envelope !== market) expect({ message: envelope.id, produced: producedBy(envelope.id) }).toEqual({ message: envelope.id, produced: causedBy(envelope.id) });

    // Named: the bar that fills the market order names that fill, the snapshot request its snapshot.
    const fourthFill = published.find((envelope) => reportSummary(envelope).startsWith('fourth filled sell')) as Envelope;
    expect(producedBy(m.bar(3).id)).toContain(fourthFill.id);
    const answer = published.find((envelope) => envelope.type === 'venue.snapshot' && (envelope.payload as { requestId: string | null }).requestId === request.id) as Envelope;
    expect(producedBy(request.id)).toEqual([answer.id]);
    expect(producedBy(m.bar(0).id)).toEqual([]);

    // What the receipts name, each envelope once, is what the outbox published after the start snapshot: every report and the answer.
    const outbox = (await outboxEnvelopes(database)).map((envelope) => envelope.id);
    const named = receipts.flatMap((receipt) => receipt.produced);
    expect(named).toHaveLength(CONTRACT_STREAM_REPORTS.length + 1);
    expect(new Set(named)).toEqual(new Set(outbox.slice(1)));
    expect(new Set(published.map((envelope) => envelope.id))).toEqual(new Set(outbox));
  });
});
