// A toy chain for the coordinator's specs, with the shape of the real one: a
// venue that answers each bar with a report, a strategy that answers each bar
// with a signal, and a risk desk that holds what it receives until released,
// then handles it in canonical order (reports, then bars, then signals) and
// answers each signal with an order the venue takes. Every consumer sends its
// receipts. What risk handled, in order, is the observable.
import { derivedId, type Envelope, MessageFactory, parseRoutePattern, topics } from '@trading/contracts';
import { ManualClock, SeededRandom } from '@trading/domain';
import type { ConsumerHandle, MessageBus } from '@trading/messaging';
import type { LockstepConsumer } from './causal-barrier';
import { LockstepCoordinator } from './lockstep-coordinator';
import { busReceipts } from './handled-receipts';

export const TOY_CONSUMERS = (run: string): LockstepConsumer[] => [
  { queue: `${run}.venue`, bindings: ['market.bar.*.*', 'order.submit.*'] },
  { queue: `${run}.strategy`, bindings: ['market.bar.*.*'] },
  { queue: `${run}.risk`, bindings: ['market.bar.*.*', 'execution.report.*', 'signal.*.*', 'flow.release'] },
];

const REPORT = { symbol: 'EURUSD', side: 'buy', status: 'accepted', orderSize: '1', filledSize: '0', commission: '0', commissionCurrency: 'USD', executedAt: 0, strategy: 'toy', brokerOrderId: null } as const;

export async function startToyChain(bus: MessageBus, run: string): Promise<{ handled: string[]; stop: () => Promise<void> }> {
  const factory = new MessageFactory({ clock: new ManualClock(0), random: new SeededRandom(3), producer: 'toy' });
  const receipts = busReceipts(bus, factory);
  const [venue, strategy, risk] = TOY_CONSUMERS(run);
  const handles: ConsumerHandle[] = [];
  const handled: string[] = [];
  const held: Envelope[] = [];
  const consume = async (consumer: LockstepConsumer, handler: (envelope: Envelope) => Promise<{ produced: Envelope[]; held?: number }>) => {
    handles.push(
      await bus.consume({
        queue: consumer.queue,
        bindings: consumer.bindings.map(parseRoutePattern),
        singleActiveConsumer: true,
        temporary: true,
        handler: async ({ envelope }) => {
          const outcome = await handler(envelope);
          await receipts.send(consumer.queue, envelope, outcome.produced, outcome.held ?? 0);
        },
      }),
    );
  };
  const publish = async (topic: string, envelope: Envelope): Promise<Envelope> => {
    await bus.publish(topic as never, envelope);
    return envelope;
  };
  const child = <T extends 'execution.report' | 'signal' | 'order.submit'>(type: T, payload: unknown, cause: Envelope, role: string) =>
    factory.create(type, payload as never, { id: derivedId(cause.id, role, cause.occurredAt), occurredAt: cause.occurredAt, causedBy: cause });

  await consume(venue, async (envelope) => {
    if (envelope.type === 'market.bar') {
      return { produced: [await publish(topics.executionReport('EURUSD'), child('execution.report', { ...REPORT, clientOrderId: `fill-${envelope.occurredAt}` }, envelope, 'toy/report'))] };
    }
    return { produced: [] };
  });
  await consume(strategy, async (envelope) => {
    const signal = { strategy: 'toy', symbol: 'EURUSD', timeframe: 'H1', barTime: envelope.occurredAt, side: 'buy', strength: 1, confidence: 1, reason: 'toy' };
    return { produced: [await publish(topics.signal('toy', 'EURUSD'), child('signal', signal, envelope, 'toy/signal'))] };
  });
  await consume(risk, async (envelope) => {
    if (envelope.type === 'flow.release' && (envelope.payload as { consumer: string }).consumer !== risk.queue) return { produced: [], held: held.length };
    if (envelope.type !== 'flow.release') {
      held.push(envelope);
      return { produced: [], held: held.length };
    }
    const rank = (type: string): number => (type === 'execution.report' ? 0 : type === 'market.bar' ? 1 : 2);
    const batch = held.splice(0).sort((a, b) => rank(a.type) - rank(b.type));
    const produced: Envelope[] = [];
    for (const message of batch) {
      handled.push(message.type);
      if (message.type !== 'signal') continue;
      const order = { clientOrderId: `ord-${message.occurredAt}`, decisionId: message.id, symbol: 'EURUSD', side: 'buy', size: '1', orderType: 'market', timeInForce: 'GTC', reduceOnly: false, strategy: 'toy' };
      produced.push(await publish(topics.orderSubmit('EURUSD'), child('order.submit', order, message, 'toy/order')));
    }
    return { produced, held: 0 };
  });
  return { handled, stop: async () => void (await Promise.all(handles.map((handle) => handle.cancel()))) };
}

export function toyBar(factory: MessageFactory, time: number): Envelope {
  const payload = { symbol: 'EURUSD', timeframe: 'H1', time, open: 1.1, high: 1.2, low: 1.0, close: 1.15, volume: 10, spread: 1 };
  return factory.create('market.bar', payload as never, { id: derivedId(`bar-${time}`, 'toy/bar', time + 3_600_000), occurredAt: time + 3_600_000 });
}

/** Replays `bars` hourly bars through the toy chain under the coordinator; what risk handled, in order. */
export async function replayToyChain(bus: MessageBus, run: string, bars: number): Promise<{ handled: string[]; counts: { steps: number; releases: number } }> {
  const barFactory = new MessageFactory({ clock: new ManualClock(0), random: new SeededRandom(9), producer: 'market-data' });
  const chain = await startToyChain(bus, run);
  const coordinator = await LockstepCoordinator.start({ bus, consumers: TOY_CONSUMERS(run), queue: `${run}.tap`, factory: new MessageFactory({ clock: new ManualClock(0), random: new SeededRandom(9), producer: 'lockstep-spec' }), stepTimeoutMs: 20_000 });
  try {
    for (let i = 0; i < bars; i++) {
      const bar = toyBar(barFactory, Date.UTC(2025, 0, 6, i));
      await coordinator.step(bar.occurredAt, async () => {
        await bus.publish(topics.marketBar('H1', 'EURUSD'), bar);
        return [bar.id];
      });
    }
    return { handled: chain.handled, counts: coordinator.counts() };
  } finally {
    await coordinator.stop();
    await chain.stop();
  }
}

