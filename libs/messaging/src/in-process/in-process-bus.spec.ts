import { parseRoutePattern, patterns, topics } from '@trading/contracts';
import type { DeliveredMessage } from '../message-bus.port';
import { runMessageBusContract, SignalBuilder } from '../testing';
import { InProcessBus } from './in-process-bus';

runMessageBusContract('in-process', async (settings) => ({ bus: new InProcessBus({ mayBeUnroutable: settings?.mayBeUnroutable }) }), { quietMs: 30 });

/** Resolves after pending microtasks and one macrotask turn. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('InProcessBus specifics', () => {
  let bus: InProcessBus;
  const signals = (): SignalBuilder => new SignalBuilder('inproc');
  const key = topics.signal('inproc', 'EURUSD');

  beforeEach(() => {
    bus = new InProcessBus();
  });

  afterEach(async () => {
    await bus.close();
  });

  it('never calls a handler inside publish', async () => {
    let publishing = false;
    let calledWhilePublishing = false;
    let calls = 0;
    await bus.consume({
      queue: 'reentry',
      bindings: [patterns.signals()],
      handler: async () => {
        calls += 1;
        if (publishing) calledWhilePublishing = true;
      },
    });
    await settle();
    publishing = true;
    const done = bus.publish(key, signals().next());
    publishing = false;
    await done;
    await settle();
    expect(calls).toBe(1);
    expect(calledWhilePublishing).toBe(false);
  });

  it('puts a failed message back in front, so it is retried before later ones', async () => {
    const order: string[] = [];
    const builder = signals();
    const first = builder.next();
    const second = builder.next();
    await bus.consume({
      queue: 'retry-first',
      bindings: [patterns.signals()],
      prefetch: 1,
      handler: async (message) => {
        order.push(`${message.envelope.id === first.id ? 'first' : 'second'}#${message.deliveryCount}`);
        if (message.envelope.id === first.id && message.deliveryCount === 1) throw new Error('transient');
      },
    });
    await bus.publish(key, first);
    await bus.publish(key, second);
    await settle();
    expect(order).toEqual(['first#1', 'first#2', 'second#1']);
  });

  it('keeps queue arguments fixed by the first consumer, like a declared RabbitMQ queue', async () => {
    await bus.consume({ queue: 'declared', bindings: [patterns.signals()], maxDeliveries: 3, handler: async () => undefined });
    await expect(bus.consume({ queue: 'declared', bindings: [patterns.signals()], maxDeliveries: 4, handler: async () => undefined })).rejects.toThrow(
      'queue declared was declared with maxDeliveries 3 and singleActiveConsumer false, not 4 and false',
    );
  });

  it('rejects a bad prefetch or binding, naming it', async () => {
    await expect(bus.consume({ queue: 'q', bindings: [patterns.signals()], prefetch: 0, handler: async () => undefined })).rejects.toThrow(
      'prefetch of queue q must be an integer ≥ 1, got 0',
    );
    await expect(
      bus.consume({ queue: 'q', bindings: [parseRoutePattern('signal.#'), 'signal.a*' as ReturnType<typeof parseRoutePattern>], handler: async () => undefined }),
    ).rejects.toThrow('"signal.a*" is not a route pattern');
  });

  it('refuses publishes and consumers once closed', async () => {
    await bus.close();
    await expect(bus.publish(key, signals().next())).rejects.toThrow('the in-process bus is closed');
    await expect(bus.consume({ queue: 'late', bindings: [patterns.signals()], handler: async () => undefined })).rejects.toThrow('closed');
    await bus.close();
  });

  it('hands out dead letters oldest first, at most max at a time, and reports queue stats', async () => {
    await bus.consume({
      queue: 'dead',
      bindings: [patterns.signals()],
      handler: async () => {
        throw new Error('never');
      },
      maxDeliveries: 1,
    });
    const builder = signals();
    const sent = [builder.next(), builder.next(), builder.next()];
    for (const envelope of sent) await bus.publish(key, envelope);
    await settle();
    expect(bus.stats()).toEqual([{ queue: 'dead', waiting: 0, inFlight: 0, consumers: 1, deadLetters: 3 }]);
    const firstTwo = await bus.takeDeadLetters('dead', 2);
    expect(firstTwo.map((letter) => JSON.parse(letter.body).id)).toEqual([sent[0].id, sent[1].id]);
    expect(firstTwo[0].reason).toBe('handler failed on all 1 deliveries; last error: never');
    expect((await bus.takeDeadLetters('dead')).map((letter) => JSON.parse(letter.body).id)).toEqual([sent[2].id]);
    expect(await bus.takeDeadLetters('no-such-queue')).toEqual([]);
  });

  it('lets timers run while a long stream of messages is delivered', async () => {
    const total = 20_000;
    let handled = 0;
    let handledWhenTimerFired = -1;
    await bus.consume({ queue: 'stream', bindings: [patterns.signals()], prefetch: 64, handler: async () => void (handled += 1) });
    const envelope = signals().next();
    setTimeout(() => {
      handledWhenTimerFired = handled;
    }, 0);
    for (let i = 0; i < total; i += 1) await bus.publish(key, envelope);
    while (handled < total) await settle();
    expect(handled).toBe(total);
    expect(handledWhenTimerFired).toBeGreaterThanOrEqual(0);
    expect(handledWhenTimerFired).toBeLessThan(total);
  });

  it('delivers the same envelope object it was given, with the routing key and a first delivery count', async () => {
    const received: DeliveredMessage[] = [];
    await bus.consume({ queue: 'same', bindings: [patterns.signals({ symbol: 'EURUSD' })], handler: async (message) => void received.push(message) });
    const envelope = signals().next();
    await bus.publish(key, envelope);
    await settle();
    expect(received).toEqual([{ envelope, routingKey: 'signal.inproc.EURUSD', deliveryCount: 1 }]);
    expect(received[0].envelope).toBe(envelope);
  });
});
