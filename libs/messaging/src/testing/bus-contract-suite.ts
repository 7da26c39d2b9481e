// The one contract every MessageBus adapter must pass (in-process and
// RabbitMQ): routing, competing consumers, prefetch, ordering, redelivery, dead
// letters, validation, unroutable publishes, draining on close, and batch
// consumption (batch-contract-suite.ts). Call it from
// a spec file; every test gets a fresh bus from the factory and uses queue names
// and routing-key words unique to the run, so it can share a broker with other
// tests.
import { encodeEnvelope, type Envelope, type RoutePattern } from '@trading/contracts';
import { PublishRejected, RejectMessage, type DeliveredMessage, type MessageBus } from '../message-bus.port';
import { describeBatchContract } from './batch-contract-suite';
import { collectDeadLetters, eventually, gate, ids, pattern, SignalBuilder, sleep, topic, uniqueWord } from './bus-contract.helpers';

export interface BusContractFixture {
  readonly bus: MessageBus;
  /** Called after the bus was closed, with every queue name the test used (e.g. to delete them). */
  readonly cleanup?: (queues: readonly string[]) => Promise<void>;
}

/** Adapter settings a test of the suite needs the factory to apply. */
export interface BusFactorySettings {
  readonly mayBeUnroutable?: readonly RoutePattern[];
}

export interface BusContractOptions {
  /** Longest wait for an expected delivery or dead letter. Default 5000 ms. */
  readonly timeoutMs?: number;
  /** How long to watch for deliveries that must not happen. Default 200 ms. */
  readonly quietMs?: number;
}

interface TestContext {
  readonly bus: MessageBus;
  /** Unique routing-key word of this test. */
  readonly run: string;
  readonly messages: SignalBuilder;
  queue(name: string): string;
}

export function runMessageBusContract(
  name: string,
  factory: (settings?: BusFactorySettings) => Promise<BusContractFixture>,
  options: BusContractOptions = {},
): void {
  const wait = { timeoutMs: options.timeoutMs ?? 5000 };
  const quietMs = options.quietMs ?? 200;

  describe(`MessageBus contract: ${name}`, () => {
    let fixture: BusContractFixture | undefined;
    let usedQueues: string[] = [];
    let context: TestContext;

    beforeEach(async () => {
      fixture = await factory();
      usedQueues = [];
      const run = uniqueWord('bc');
      const bus = fixture.bus;
      context = {
        bus,
        run,
        messages: new SignalBuilder(run),
        queue: (suffix: string) => {
          const queueName = `contract.${run}.${suffix}`;
          usedQueues.push(queueName);
          return queueName;
        },
      };
    });

    afterEach(async () => {
      if (fixture === undefined) return;
      await fixture.bus.close();
      await fixture.cleanup?.(usedQueues);
      fixture = undefined;
    });

    /** Subscribes a recording consumer and returns what it received. */
    async function record(queue: string, bindings: string[], extra: { prefetch?: number } = {}): Promise<DeliveredMessage[]> {
      const received: DeliveredMessage[] = [];
      await context.bus.consume({
        queue,
        bindings: bindings.map(pattern),
        prefetch: extra.prefetch,
        handler: async (message) => {
          received.push(message);
        },
      });
      return received;
    }

    it('is ready once created and not after close', async () => {
      expect(context.bus.isReady()).toBe(true);
      await context.bus.close();
      expect(context.bus.isReady()).toBe(false);
    });

    it('routes by exact words, * (one word) and # (zero or more words), once per queue', async () => {
      const { run } = context;
      const exact = await record(context.queue('exact'), [`signal.${run}.EURUSD`]);
      const star = await record(context.queue('star'), [`signal.${run}.*`]);
      const hashEnd = await record(context.queue('hash-end'), [`signal.${run}.#`]);
      const hashMiddle = await record(context.queue('hash-middle'), [`signal.${run}.#.EURUSD`]);
      const hashStart = await record(context.queue('hash-start'), [`#.${run}.GBPUSD`]);
      const starStart = await record(context.queue('star-start'), [`*.${run}.*.EURUSD`]);
      const overlapping = await record(context.queue('overlap'), [`signal.${run}.*`, `signal.${run}.EURUSD`, `signal.${run}.#`]);

      const eurusd = context.messages.next('EURUSD');
      const gbpusd = context.messages.next('GBPUSD');
      const deep = context.messages.next('EURUSD');
      await context.bus.publish(topic(`signal.${run}.EURUSD`), eurusd);
      await context.bus.publish(topic(`signal.${run}.GBPUSD`), gbpusd);
      await context.bus.publish(topic(`signal.${run}.extra.EURUSD`), deep);

      await eventually(() => hashEnd.length === 3 && overlapping.length === 3, 'deliveries to the # and overlapping queues', wait);
      await sleep(quietMs);
      const idsOf = (received: DeliveredMessage[]) => received.map((message) => message.envelope.id).sort();
      expect(idsOf(exact)).toEqual([eurusd.id]);
      expect(idsOf(star)).toEqual([eurusd.id, gbpusd.id].sort());
      expect(idsOf(hashEnd)).toEqual([eurusd.id, gbpusd.id, deep.id].sort());
      expect(idsOf(hashMiddle)).toEqual([eurusd.id, deep.id].sort());
      expect(idsOf(hashStart)).toEqual([gbpusd.id]);
      expect(idsOf(starStart)).toEqual([deep.id]);
      expect(idsOf(overlapping)).toEqual([eurusd.id, gbpusd.id, deep.id].sort());
      const routed = exact.find((message) => message.envelope.id === eurusd.id);
      expect(routed?.routingKey).toBe(`signal.${run}.EURUSD`);
      expect(routed?.deliveryCount).toBe(1);
      expect(routed?.envelope).toEqual(eurusd);
    });

    it('delivers every published message exactly once to each bound queue when handlers succeed', async () => {
      const { run } = context;
      const first = await record(context.queue('all-a'), [`signal.${run}.*`]);
      const second = await record(context.queue('all-b'), [`signal.${run}.#`], { prefetch: 4 });
      const published: Envelope[] = [];
      for (let i = 0; i < 200; i += 1) {
        const envelope = context.messages.next();
        published.push(envelope);
        await context.bus.publish(topic(`signal.${run}.EURUSD`), envelope);
      }
      await eventually(() => first.length >= 200 && second.length >= 200, '200 deliveries on both queues', wait);
      await sleep(quietMs);
      const expected = ids(published).sort();
      expect(first.map((message) => message.envelope.id).sort()).toEqual(expected);
      expect(second.map((message) => message.envelope.id).sort()).toEqual(expected);
      expect(first.every((message) => message.deliveryCount === 1)).toBe(true);
    });

    it('shares a queue between competing consumers, each message going to one of them', async () => {
      const { run } = context;
      const queue = context.queue('competing');
      const byConsumer: string[][] = [[], []];
      for (const consumer of [0, 1]) {
        await context.bus.consume({
          queue,
          bindings: [pattern(`signal.${run}.*`)],
          prefetch: 1,
          handler: async (message) => {
            byConsumer[consumer].push(message.envelope.id);
            await sleep(2);
          },
        });
      }
      const published: Envelope[] = [];
      for (let i = 0; i < 30; i += 1) {
        const envelope = context.messages.next();
        published.push(envelope);
        await context.bus.publish(topic(`signal.${run}.EURUSD`), envelope);
      }
      await eventually(() => byConsumer[0].length + byConsumer[1].length >= 30, '30 deliveries across both consumers', wait);
      await sleep(quietMs);
      expect([...byConsumer[0], ...byConsumer[1]].sort()).toEqual(ids(published).sort());
      expect(byConsumer[0].length).toBeGreaterThan(0);
      expect(byConsumer[1].length).toBeGreaterThan(0);
    });

    it('keeps publish order on a queue consumed with prefetch 1', async () => {
      const { run } = context;
      const received: string[] = [];
      await context.bus.consume({
        queue: context.queue('ordered'),
        bindings: [pattern(`signal.${run}.*`)],
        prefetch: 1,
        handler: async (message) => {
          // Uneven handler times: order must come from the queue, not from luck.
          if (received.length % 3 === 0) await sleep(1);
          received.push(message.envelope.id);
        },
      });
      const published: Envelope[] = [];
      for (let i = 0; i < 60; i += 1) {
        const envelope = context.messages.next();
        published.push(envelope);
        await context.bus.publish(topic(`signal.${run}.EURUSD`), envelope);
      }
      await eventually(() => received.length >= 60, '60 ordered deliveries', wait);
      expect(received).toEqual(ids(published));
    });

    it('never has more than prefetch messages in flight to one consumer', async () => {
      const { run } = context;
      const release = gate();
      let inFlight = 0;
      let maxInFlight = 0;
      let done = 0;
      await context.bus.consume({
        queue: context.queue('prefetch'),
        bindings: [pattern(`signal.${run}.*`)],
        prefetch: 3,
        handler: async () => {
          inFlight += 1;
          maxInFlight = Math.max(maxInFlight, inFlight);
          await release.promise;
          inFlight -= 1;
          done += 1;
        },
      });
      for (let i = 0; i < 10; i += 1) await context.bus.publish(topic(`signal.${run}.EURUSD`), context.messages.next());
      await eventually(() => inFlight === 3, '3 messages in flight', wait);
      await sleep(quietMs);
      expect(inFlight).toBe(3);
      release.open();
      await eventually(() => done === 10, 'all 10 handled', wait);
      expect(maxInFlight).toBe(3);
    });

    it('redelivers a message whose handler threw, with deliveryCount increasing', async () => {
      const { run } = context;
      const queue = context.queue('redeliver');
      const counts: number[] = [];
      await context.bus.consume({
        queue,
        bindings: [pattern(`signal.${run}.*`)],
        prefetch: 1,
        maxDeliveries: 5,
        handler: async (message) => {
          counts.push(message.deliveryCount);
          if (message.deliveryCount < 3) throw new Error(`transient failure ${message.deliveryCount}`);
        },
      });
      await context.bus.publish(topic(`signal.${run}.EURUSD`), context.messages.next());
      await eventually(() => counts.length >= 3, 'three deliveries', wait);
      await sleep(quietMs);
      expect(counts).toEqual([1, 2, 3]);
      expect(await context.bus.takeDeadLetters(queue)).toEqual([]);
    });

    it('dead-letters a message after maxDeliveries failures, with the error as reason, and keeps consuming', async () => {
      const { run } = context;
      const queue = context.queue('max-deliveries');
      const seen: { id: string; deliveryCount: number }[] = [];
      const poison = context.messages.next();
      await context.bus.consume({
        queue,
        bindings: [pattern(`signal.${run}.*`)],
        prefetch: 1,
        maxDeliveries: 3,
        handler: async (message) => {
          seen.push({ id: message.envelope.id, deliveryCount: message.deliveryCount });
          if (message.envelope.id === poison.id) throw new Error(`boom ${run}`);
        },
      });
      await context.bus.publish(topic(`signal.${run}.EURUSD`), poison);
      const [deadLetter, ...others] = await collectDeadLetters(context.bus, queue, 1, wait);
      expect(others).toEqual([]);
      expect(deadLetter.queue).toBe(queue);
      expect(deadLetter.routingKey).toBe(`signal.${run}.EURUSD`);
      expect(deadLetter.reason).toContain(`boom ${run}`);
      expect(deadLetter.deliveryCount).toBe(3);
      expect((JSON.parse(deadLetter.body) as Envelope).id).toBe(poison.id);
      expect(seen.map((entry) => entry.deliveryCount)).toEqual([1, 2, 3]);

      const healthy = context.messages.next();
      await context.bus.publish(topic(`signal.${run}.EURUSD`), healthy);
      await eventually(() => seen.some((entry) => entry.id === healthy.id), 'the next message after the dead letter', wait);
      await sleep(quietMs);
      expect(seen.filter((entry) => entry.id === poison.id)).toHaveLength(3);
    });

    it('dead-letters at once, without retry, when the handler throws RejectMessage', async () => {
      const { run } = context;
      const queue = context.queue('reject');
      const counts: number[] = [];
      await context.bus.consume({
        queue,
        bindings: [pattern(`signal.${run}.*`)],
        maxDeliveries: 5,
        handler: async (message) => {
          counts.push(message.deliveryCount);
          throw new RejectMessage(`not tradable ${run}`);
        },
      });
      const envelope = context.messages.next();
      await context.bus.publish(topic(`signal.${run}.EURUSD`), envelope);
      const [deadLetter] = await collectDeadLetters(context.bus, queue, 1, wait);
      await sleep(quietMs);
      expect(counts).toEqual([1]);
      expect(deadLetter.reason).toContain(`not tradable ${run}`);
      expect(deadLetter.deliveryCount).toBe(1);
      expect((JSON.parse(deadLetter.body) as Envelope).id).toBe(envelope.id);
    });

    it('dead-letters invalid JSON, an invalid payload and an unknown version with a reason, and keeps going', async () => {
      const { run } = context;
      const queue = context.queue('invalid');
      const handled: string[] = [];
      await context.bus.consume({
        queue,
        bindings: [pattern(`signal.${run}.*`)],
        prefetch: 1,
        handler: async (message) => {
          handled.push(message.envelope.id);
        },
      });
      const key = topic(`signal.${run}.EURUSD`);
      const badPayload = context.messages.next();
      const unknownVersion = context.messages.next();
      await context.bus.publishRaw(key, '{"id": "not json');
      await context.bus.publishRaw(key, encodeEnvelope({ ...badPayload, payload: { ...badPayload.payload, strength: 1.5 } }));
      await context.bus.publishRaw(key, Buffer.from(encodeEnvelope({ ...unknownVersion, version: 99 })));
      const valid = context.messages.next();
      await context.bus.publish(key, valid);

      const deadLetters = await collectDeadLetters(context.bus, queue, 3, wait);
      await eventually(() => handled.length >= 1, 'the valid message after the invalid ones', wait);
      await sleep(quietMs);
      expect(handled).toEqual([valid.id]);
      expect(deadLetters.map((letter) => letter.queue)).toEqual([queue, queue, queue]);
      const reasons = deadLetters.map((letter) => letter.reason);
      // In publish order (one queue, prefetch 1); the words after "invalid JSON: " are V8's parser's.
      expect(reasons).toEqual([
        expect.stringMatching(/^invalid message: invalid JSON: Unterminated string in JSON/),
        'invalid message: payload.strength: expected a finite number in 0..1, got 1.5',
        'invalid message: unknown version 99 of signal (known: 1, 2)',
      ]);
      expect(deadLetters.map((letter) => letter.body)).toContain('{"id": "not json');
    });

    it('rejects a publish that no queue is bound to with PublishRejected', async () => {
      const { run } = context;
      await record(context.queue('elsewhere'), [`signal.${run}.GBPUSD`]);
      const publishing = context.bus.publish(topic(`signal.${run}.EURUSD`), context.messages.next());
      await expect(publishing).rejects.toBeInstanceOf(PublishRejected);
      await expect(context.bus.publishRaw(topic(`signal.${run}.USDJPY`), '{}')).rejects.toBeInstanceOf(PublishRejected);
    });

    it('accepts an unroutable publish on a topic configured as allowed to be unroutable, and still rejects others', async () => {
      const { run } = context;
      const tolerant = await factory({ mayBeUnroutable: [pattern(`signal.${run}.*`)] });
      try {
        await expect(tolerant.bus.publish(topic(`signal.${run}.EURUSD`), context.messages.next())).resolves.toBeUndefined();
        await expect(tolerant.bus.publish(topic(`signal.other${run}.EURUSD`), context.messages.next())).rejects.toBeInstanceOf(PublishRejected);
      } finally {
        await tolerant.bus.close();
        await tolerant.cleanup?.([]);
      }
    });

    it('deletes a temporary queue, with its bindings, when its consumer is cancelled', async () => {
      const { run } = context;
      const received: DeliveredMessage[] = [];
      const handle = await context.bus.consume({
        queue: context.queue('tap'),
        bindings: [pattern(`signal.${run}.*`)],
        temporary: true,
        handler: async (message) => {
          received.push(message);
        },
      });
      await context.bus.publish(topic(`signal.${run}.EURUSD`), context.messages.next());
      await eventually(() => received.length === 1, 'the delivery to the temporary queue', wait);
      await handle.cancel();
      // The broker removes the queue asynchronously: poll until a publish finds no route.
      const deadline = Date.now() + wait.timeoutMs;
      let rejected: unknown;
      while (rejected === undefined && Date.now() < deadline) {
        try {
          await context.bus.publish(topic(`signal.${run}.EURUSD`), context.messages.next());
          await sleep(20);
        } catch (error) {
          rejected = error;
        }
      }
      expect(rejected).toBeInstanceOf(PublishRejected);
      expect(received).toHaveLength(1);
    });

    it('refuses to publish an envelope that is invalid or whose type does not match the topic', async () => {
      const { run } = context;
      await record(context.queue('guarded'), [`#.${run}.#`]);
      const envelope = context.messages.next();
      const invalid = { ...envelope, payload: { ...envelope.payload, confidence: -1 } };
      await expect(context.bus.publish(topic(`signal.${run}.EURUSD`), invalid)).rejects.toThrow('payload.confidence');
      await expect(context.bus.publish(topic(`order.submit.${run}`), envelope)).rejects.toThrow('signal');
    });

    it('keeps messages of a queue whose consumer was cancelled for the next consumer', async () => {
      const { run } = context;
      const queue = context.queue('durable');
      const first: string[] = [];
      const handle = await context.bus.consume({
        queue,
        bindings: [pattern(`signal.${run}.*`)],
        handler: async (message) => {
          first.push(message.envelope.id);
        },
      });
      const early = context.messages.next();
      await context.bus.publish(topic(`signal.${run}.EURUSD`), early);
      await eventually(() => first.length === 1, 'the first delivery', wait);
      await handle.cancel();
      const late = context.messages.next();
      await context.bus.publish(topic(`signal.${run}.EURUSD`), late);
      await sleep(quietMs);
      expect(first).toEqual([early.id]);
      const second = await record(queue, [`signal.${run}.*`]);
      await eventually(() => second.length === 1, 'the queued message to reach the new consumer', wait);
      expect(second[0].envelope.id).toBe(late.id);
    });

    it('gives every message to the active consumer only, then fails over when it is cancelled', async () => {
      const { run } = context;
      const queue = context.queue('single-active');
      const received: [string[], string[]] = [[], []];
      const handles = [];
      for (const consumer of [0, 1] as const) {
        handles.push(
          await context.bus.consume({
            queue,
            bindings: [pattern(`signal.${run}.*`)],
            singleActiveConsumer: true,
            prefetch: 2,
            handler: async (message) => {
              received[consumer].push(message.envelope.id);
            },
          }),
        );
      }
      for (let i = 0; i < 10; i += 1) await context.bus.publish(topic(`signal.${run}.EURUSD`), context.messages.next());
      await eventually(() => received[0].length + received[1].length === 10, '10 deliveries', wait);
      await sleep(quietMs);
      expect(received[0]).toHaveLength(10);
      expect(received[1]).toHaveLength(0);
      await handles[0].cancel();
      for (let i = 0; i < 5; i += 1) await context.bus.publish(topic(`signal.${run}.EURUSD`), context.messages.next());
      await eventually(() => received[1].length === 5, '5 deliveries to the standby consumer', wait);
      expect(received[0]).toHaveLength(10);
    });

    it('runs the handlers of a single-active-consumer queue one at a time, in publish order, whatever the prefetch', async () => {
      const { run } = context;
      const received: string[] = [];
      let running = 0;
      let maxRunning = 0;
      await context.bus.consume({
        queue: context.queue('single-active-serial'),
        bindings: [pattern(`signal.${run}.*`)],
        singleActiveConsumer: true,
        prefetch: 8,
        handler: async (message) => {
          running += 1;
          maxRunning = Math.max(maxRunning, running);
          // Earlier messages take longer: run concurrently, later ones would finish first.
          if (received.length % 2 === 0) await sleep(3);
          received.push(message.envelope.id);
          running -= 1;
        },
      });
      const published: Envelope[] = [];
      for (let i = 0; i < 20; i += 1) {
        const envelope = context.messages.next();
        published.push(envelope);
        await context.bus.publish(topic(`signal.${run}.EURUSD`), envelope);
      }
      await eventually(() => received.length >= 20, '20 deliveries', wait);
      expect(received).toEqual(ids(published));
      expect(maxRunning).toBe(1);
    });

    it('retries a failed message of a single-active-consumer queue before any later one', async () => {
      const { run } = context;
      const seen: string[] = [];
      const published: Envelope[] = [];
      for (let i = 0; i < 5; i += 1) published.push(context.messages.next());
      const label = (id: string): number => published.findIndex((envelope) => envelope.id === id);
      await context.bus.consume({
        queue: context.queue('single-active-retry'),
        bindings: [pattern(`signal.${run}.*`)],
        singleActiveConsumer: true,
        prefetch: 4,
        maxDeliveries: 5,
        handler: async (message) => {
          const index = label(message.envelope.id);
          seen.push(`${index}#${message.deliveryCount}`);
          if (index === 0 && message.deliveryCount < 3) throw new Error('transient');
        },
      });
      for (const envelope of published) await context.bus.publish(topic(`signal.${run}.EURUSD`), envelope);
      await eventually(() => seen.length >= 7, '7 deliveries', wait);
      await sleep(quietMs);
      expect(seen).toEqual(['0#1', '0#2', '0#3', '1#1', '2#1', '3#1', '4#1']);
    });

    it('lets a handler still running when close() is called publish its result', async () => {
      const { run } = context;
      const release = gate();
      let started = false;
      let outcome = 'not finished';
      await context.bus.consume({
        queue: context.queue('close-results'),
        bindings: [pattern(`signal.${run}.GBPUSD`)],
        handler: async () => undefined,
      });
      await context.bus.consume({
        queue: context.queue('close-publisher'),
        bindings: [pattern(`signal.${run}.EURUSD`)],
        handler: async () => {
          started = true;
          await release.promise;
          try {
            await context.bus.publish(topic(`signal.${run}.GBPUSD`), context.messages.next('GBPUSD'));
            outcome = 'published';
          } catch (error) {
            outcome = `failed: ${error instanceof Error ? error.message : String(error)}`;
          }
        },
      });
      await context.bus.publish(topic(`signal.${run}.EURUSD`), context.messages.next());
      await eventually(() => started, 'the handler to start', wait);
      const closing = context.bus.close();
      await sleep(quietMs);
      expect(context.bus.isReady()).toBe(false);
      release.open();
      await closing;
      expect(outcome).toBe('published');
    });

    it('cancel() and close() wait for in-flight handlers to finish', async () => {
      const { run } = context;
      const release = gate();
      let started = 0;
      let finished = 0;
      const handle = await context.bus.consume({
        queue: context.queue('drain-cancel'),
        bindings: [pattern(`signal.${run}.GBPUSD`)],
        handler: async () => {
          started += 1;
          await release.promise;
          finished += 1;
        },
      });
      await context.bus.consume({
        queue: context.queue('drain-close'),
        bindings: [pattern(`signal.${run}.EURUSD`)],
        handler: async () => {
          started += 1;
          await release.promise;
          await sleep(20);
          finished += 1;
        },
      });
      await context.bus.publish(topic(`signal.${run}.GBPUSD`), context.messages.next('GBPUSD'));
      await context.bus.publish(topic(`signal.${run}.EURUSD`), context.messages.next());
      await eventually(() => started === 2, 'both handlers to start', wait);

      let cancelled = false;
      const cancelling = handle.cancel().then(() => {
        cancelled = true;
      });
      let closed = false;
      const closing = context.bus.close().then(() => {
        closed = true;
      });
      await sleep(quietMs);
      expect(cancelled).toBe(false);
      expect(closed).toBe(false);
      release.open();
      await cancelling;
      await closing;
      expect(finished).toBe(2);
      expect(context.bus.isReady()).toBe(false);
    });

    describeBatchContract(() => context, wait, quietMs);
  });
}
