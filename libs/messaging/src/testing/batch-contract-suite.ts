// The batch-consumption part of the MessageBus contract (`consumeBatches`),
// run by `runMessageBusContract` on every adapter: ordered batches of what was
// delivered, acks after the handler resolved, rejections by index, redelivery
// of a failed batch before later messages, isolation of a poison message,
// invalid messages kept from the handler, and draining on cancel and close.
import { encodeEnvelope, type Envelope, type MessageEnvelope } from '@trading/contracts';
import { RejectMessage, type BatchConsumerSpec, type BatchHandler, type DeliveredMessage, type MessageBus } from '../message-bus.port';
import { replayBatchHistory, type BatchCall } from './batch-history';
import { collectDeadLetters, eventually, gate, pattern, sleep, topic, type SignalBuilder, type WaitOptions } from './bus-contract.helpers';

export interface BatchContractContext {
  readonly bus: MessageBus;
  readonly run: string;
  readonly messages: SignalBuilder;
  queue(name: string): string;
}

/** `index#deliveryCount` of each message of a batch, the index being its place in `published`. */
function labels(batch: readonly DeliveredMessage[], published: readonly Envelope[]): string[] {
  return batch.map((message) => `${published.findIndex((envelope) => envelope.id === message.envelope.id)}#${message.deliveryCount}`);
}

export function describeBatchContract(current: () => BatchContractContext, wait: WaitOptions, quietMs: number): void {
  describe('batch consumption', () => {
    function consumeBatches(suffix: string, handler: BatchHandler, extra: Partial<BatchConsumerSpec> = {}): Promise<{ queue: string; cancel: () => Promise<void> }> {
      const { bus, run } = current();
      const queue = extra.queue ?? current().queue(suffix);
      return bus.consumeBatches({ queue, bindings: [pattern(`signal.${run}.*`)], maxBatch: 8, ...extra, handler }).then((handle) => ({ queue, cancel: () => handle.cancel() }));
    }

    async function publishAll(envelopes: readonly MessageEnvelope<'signal'>[]): Promise<void> {
      const { bus, run } = current();
      for (const envelope of envelopes) await bus.publish(topic(`signal.${run}.${envelope.payload.symbol}`), envelope);
    }

    function signals(count: number): MessageEnvelope<'signal'>[] {
      return Array.from({ length: count }, () => current().messages.next());
    }

    it('hands a lone message over at once, then what was delivered meanwhile, in order, in batches of at most maxBatch that never overlap', async () => {
      const release = gate();
      const batches: string[][] = [];
      let running = 0;
      let maxRunning = 0;
      const published = signals(21);
      await consumeBatches(
        'order',
        async (batch) => {
          running += 1;
          maxRunning = Math.max(maxRunning, running);
          batches.push(labels(batch, published));
          // Uneven handler times: order must come from the consumer, not from luck.
          if (batches.length === 1) await release.promise;
          else if (batches.length % 2 === 0) await sleep(3);
          running -= 1;
        },
        { singleActiveConsumer: true, maxBatch: 8, prefetch: 32 },
      );
      await publishAll(published.slice(0, 1));
      await eventually(() => batches.length === 1, 'the lone message', wait);
      expect(batches[0]).toEqual(['0#1']);
      await publishAll(published.slice(1));
      release.open();
      await eventually(() => batches.flat().length >= 21, '21 messages handled', wait);
      await sleep(quietMs);
      expect(batches.flat()).toEqual(published.map((_, index) => `${index}#1`));
      expect(Math.max(...batches.map((batch) => batch.length))).toBeLessThanOrEqual(8);
      // The 20 delivered while the first batch ran were handed over together, not one by one.
      expect(batches.length).toBeLessThanOrEqual(1 + Math.ceil(20 / 8) + 2);
      expect(maxRunning).toBe(1);
    });

    it('acks a resolved batch and dead-letters, with their reason, the messages it names as rejected', async () => {
      const { run } = current();
      const seen: string[] = [];
      const published = signals(6).map((envelope, index) => (index === 1 || index === 4 ? current().messages.next('GBPUSD') : envelope));
      const { queue, cancel } = await consumeBatches('rejected', async (batch) => {
        seen.push(...labels(batch, published));
        const rejected = new Map<number, string>();
        batch.forEach((message, index) => {
          if ((message.envelope.payload as { symbol: string }).symbol === 'GBPUSD') rejected.set(index, `no GBPUSD in ${run}`);
        });
        return { rejected };
      });
      await publishAll(published);
      const deadLetters = await collectDeadLetters(current().bus, queue, 2, wait);
      await eventually(() => seen.length >= 6, 'six messages handled', wait);
      await cancel();
      expect(seen).toEqual(['0#1', '1#1', '2#1', '3#1', '4#1', '5#1']);
      expect(deadLetters.map((letter) => (JSON.parse(letter.body) as Envelope).id)).toEqual([published[1].id, published[4].id]);
      expect(deadLetters.map((letter) => letter.reason)).toEqual([expect.stringContaining(`no GBPUSD in ${run}`), expect.stringContaining(`no GBPUSD in ${run}`)]);
      expect(deadLetters.map((letter) => letter.deliveryCount)).toEqual([1, 1]);
      // Acked: a new consumer of the queue gets only what is published after.
      const marker = current().messages.next();
      const later: string[] = [];
      await consumeBatches('rejected', async (batch) => void later.push(...batch.map((message) => message.envelope.id)), { queue });
      await publishAll([marker]);
      await eventually(() => later.length >= 1, 'the marker', wait);
      await sleep(quietMs);
      expect(later).toEqual([marker.id]);
    });

    /**
     * Consumes a queue with a handler that holds its first call until released and
     * throws, for a batch holding one of `failing`, what `failure` returns; records
     * every call with how it ended.
     */
    async function recordFailures(
      suffix: string,
      published: readonly Envelope[],
      failing: (id: string, deliveryCount: number) => boolean,
      failure: () => Error,
      extra: Partial<BatchConsumerSpec>,
    ): Promise<{ queue: string; calls: BatchCall[]; release: () => void }> {
      const held = gate();
      const calls: BatchCall[] = [];
      const { queue } = await consumeBatches(
        suffix,
        async (batch) => {
          const call = { labels: labels(batch, published), outcome: 'commit' as BatchCall['outcome'] };
          calls.push(call);
          if (calls.length === 1) await held.promise;
          if (batch.some((message) => failing(message.envelope.id, message.deliveryCount))) {
            const error = failure();
            call.outcome = error instanceof RejectMessage ? 'reject' : 'fail';
            throw error;
          }
        },
        { singleActiveConsumer: true, ...extra },
      );
      return { queue, calls, release: held.open };
    }

    it('redelivers a failed batch before any later message, then its messages one at a time, with their delivery counts raised', async () => {
      const published = signals(7);
      let failures = 0;
      const { queue, calls, release } = await recordFailures(
        'retry',
        published,
        // The first batch after the held one fails once, whatever it holds.
        () => calls.length === 2 && ++failures === 1,
        () => new Error('database unavailable'),
        { maxBatch: 4, prefetch: 16 },
      );
      await publishAll(published.slice(0, 1));
      await eventually(() => calls.length === 1, 'the first batch', wait);
      await publishAll(published.slice(1));
      release();
      await eventually(() => calls.filter((call) => call.outcome === 'commit').flatMap((call) => call.labels).length >= 7, 'all seven committed', wait);
      await sleep(quietMs);
      const history = replayBatchHistory(calls, 7, 4, 5);
      expect(history.breach).toBeUndefined();
      expect(calls[1].outcome).toBe('fail');
      // The failed batch held several messages (they were delivered while the first one ran), each then retried alone.
      expect(calls[1].labels.length).toBeGreaterThan(1);
      expect(calls.slice(2, 2 + calls[1].labels.length).map((call) => call.labels)).toEqual(calls[1].labels.map((label) => [label.replace('#1', '#2')]));
      expect(history.committed.map((label) => label.split('#')[0])).toEqual(['0', '1', '2', '3', '4', '5', '6']);
      expect(await current().bus.takeDeadLetters(queue)).toEqual([]);
    });

    it('isolates a poison message of a failing batch: dead-lettered after its own maxDeliveries while the others commit', async () => {
      const { run } = current();
      const published = signals(7);
      const poison = published[3];
      const { queue, calls, release } = await recordFailures('poison', published, (id) => id === poison.id, () => new Error(`poison ${run}`), {
        maxBatch: 8,
        maxDeliveries: 3,
      });
      await publishAll(published.slice(0, 1));
      await eventually(() => calls.length === 1, 'the first batch', wait);
      await publishAll(published.slice(1));
      release();
      const [deadLetter, ...others] = await collectDeadLetters(current().bus, queue, 1, wait);
      const committed = (): string[] => calls.filter((call) => call.outcome === 'commit').flatMap((call) => call.labels);
      await eventually(() => committed().length >= 6, 'the six good messages', wait);
      const after = current().messages.next();
      published.push(after);
      await publishAll([after]);
      await eventually(() => committed().length >= 7, 'a message published after the dead letter', wait);
      await sleep(quietMs);
      const history = replayBatchHistory(calls, 8, 8, 3);
      expect(history.breach).toBeUndefined();
      expect(history.deadLettered).toEqual(['3#3']);
      expect(calls.find((call) => call.outcome === 'fail')?.labels.length).toBeGreaterThan(1);
      expect(committed().map((label) => label.split('#')[0])).toEqual(['0', '1', '2', '4', '5', '6', '7']);
      expect(others).toEqual([]);
      expect((JSON.parse(deadLetter.body) as Envelope).id).toBe(poison.id);
      expect(deadLetter.deliveryCount).toBe(3);
      expect(deadLetter.reason).toContain(`poison ${run}`);
    });

    it('dead-letters a batch of one at once on RejectMessage, and isolates the message a batch of many was rejected for', async () => {
      const { run } = current();
      const published = signals(6);
      const bad = new Set([published[0].id, published[3].id]);
      const { queue, calls, release } = await recordFailures('reject', published, (id) => bad.has(id), () => new RejectMessage(`bad input in ${run}`), {
        maxBatch: 8,
        maxDeliveries: 5,
      });
      // The first call (held) is the lone message 0, which the handler rejects once released.
      await publishAll(published.slice(0, 1));
      await eventually(() => calls.length === 1, 'the first batch', wait);
      await publishAll(published.slice(1));
      release();
      const deadLetters = await collectDeadLetters(current().bus, queue, 2, wait);
      await eventually(() => calls.filter((call) => call.outcome === 'commit').flatMap((call) => call.labels).length >= 4, 'the good messages', wait);
      await sleep(quietMs);
      const history = replayBatchHistory(calls, 6, 8, 5);
      expect(history.breach).toBeUndefined();
      expect(calls[0]).toEqual({ labels: ['0#1'], outcome: 'reject' });
      expect(calls.find((call) => call.labels.includes('3#1'))?.labels.length).toBeGreaterThan(1);
      expect(history.deadLettered).toEqual(['0#1', '3#2']);
      expect(deadLetters.map((letter) => (JSON.parse(letter.body) as Envelope).id)).toEqual([published[0].id, published[3].id]);
      expect(deadLetters.map((letter) => letter.deliveryCount)).toEqual([1, 2]);
      expect(deadLetters.map((letter) => letter.reason)).toEqual([expect.stringContaining(`bad input in ${run}`), expect.stringContaining(`bad input in ${run}`)]);
      expect(history.committed.map((label) => label.split('#')[0])).toEqual(['1', '2', '4', '5']);
    });

    it('counts an outcome that rejects an index outside the batch as a failure, named in the dead letter', async () => {
      let calls = 0;
      const { queue } = await consumeBatches(
        'bad-outcome',
        async () => {
          calls += 1;
          return { rejected: new Map([[5, 'off the end']]) };
        },
        { maxDeliveries: 2 },
      );
      await publishAll(signals(1));
      const [deadLetter] = await collectDeadLetters(current().bus, queue, 1, wait);
      expect(calls).toBe(2);
      expect(deadLetter.deliveryCount).toBe(2);
      expect(deadLetter.reason).toContain('the batch handler rejected index 5 of a batch of 1 message(s)');
    });

    it('dead-letters invalid JSON, an invalid payload and an unknown version without handing them over, and keeps the order of the rest', async () => {
      const { bus, run } = current();
      const release = gate();
      const handled: string[] = [];
      const published = signals(4);
      const [hold, valid1, valid2, valid3] = published;
      let calls = 0;
      const { queue } = await consumeBatches(
        'invalid',
        async (batch) => {
          calls += 1;
          if (calls === 1) await release.promise;
          handled.push(...labels(batch, published));
        },
        { maxBatch: 8, singleActiveConsumer: true },
      );
      const key = topic(`signal.${run}.EURUSD`);
      await publishAll([hold]);
      await eventually(() => calls === 1, 'the held batch', wait);
      await publishAll([valid1]);
      await bus.publishRaw(key, '{"id": "not json');
      await publishAll([valid2]);
      const badPayload = current().messages.next();
      await bus.publishRaw(key, encodeEnvelope({ ...badPayload, payload: { ...badPayload.payload, strength: 1.5 } }));
      await bus.publishRaw(key, encodeEnvelope({ ...current().messages.next(), version: 99 }));
      await publishAll([valid3]);
      release.open();
      const deadLetters = await collectDeadLetters(bus, queue, 3, wait);
      await eventually(() => handled.length >= 4, 'the four valid messages', wait);
      await sleep(quietMs);
      expect(handled).toEqual(['0#1', '1#1', '2#1', '3#1']);
      const reasons = deadLetters.map((letter) => letter.reason);
      expect(reasons).toEqual([
        expect.stringMatching(/^invalid message: invalid JSON: Unterminated string in JSON/),
        'invalid message: payload.strength: expected a finite number in 0..1, got 1.5',
        'invalid message: unknown version 99 of signal (known: 1, 2)',
      ]);
    });

    it('cancel() lets the running batch and the messages delivered after it be handled and acked; the next consumer takes up the rest in order', async () => {
      const release = gate();
      const published = signals(12);
      const first: string[] = [];
      let started = false;
      const { queue, cancel } = await consumeBatches(
        'cancel',
        async (batch) => {
          started = true;
          await release.promise;
          first.push(...labels(batch, published));
        },
        { maxBatch: 4, prefetch: 8, singleActiveConsumer: true },
      );
      await publishAll(published.slice(0, 1));
      await eventually(() => started, 'the first batch', wait);
      await publishAll(published.slice(1));
      let cancelled = false;
      const cancelling = cancel().then(() => {
        cancelled = true;
      });
      await sleep(quietMs);
      expect(cancelled).toBe(false);
      release.open();
      await cancelling;
      expect(first[0]).toBe('0#1');
      const second: string[] = [];
      await consumeBatches('cancel', async (batch) => void second.push(...labels(batch, published)), { queue, maxBatch: 4, prefetch: 8, singleActiveConsumer: true });
      await eventually(() => first.length + second.length >= 12, 'all twelve messages', wait);
      await sleep(quietMs);
      // Nothing handled twice (what the first consumer handled was acked), nothing lost, nothing out of order.
      expect([...first, ...second]).toEqual(published.map((_, index) => `${index}#1`));
    });

    it('close() lets a running batch finish before the bus closes', async () => {
      const release = gate();
      let started = false;
      let finished = 0;
      await consumeBatches('close', async (batch) => {
        started = true;
        await release.promise;
        finished += batch.length;
      });
      await publishAll(signals(1));
      await eventually(() => started, 'the batch to start', wait);
      let closed = false;
      const closing = current().bus.close().then(() => {
        closed = true;
      });
      await sleep(quietMs);
      expect(closed).toBe(false);
      expect(current().bus.isReady()).toBe(false);
      release.open();
      await closing;
      expect(finished).toBe(1);
    });

    it('gives the batches of a single-active-consumer queue to the active consumer only, then fails over when it is cancelled', async () => {
      const received: [string[], string[]] = [[], []];
      const published = signals(15);
      const queue = current().queue('batch-single-active');
      const handles = [];
      for (const consumer of [0, 1] as const) {
        handles.push(
          await consumeBatches('batch-single-active', async (batch) => void received[consumer].push(...labels(batch, published)), {
            queue,
            singleActiveConsumer: true,
          }),
        );
      }
      await publishAll(published.slice(0, 10));
      await eventually(() => received[0].length + received[1].length === 10, '10 deliveries', wait);
      await sleep(quietMs);
      expect(received[0]).toHaveLength(10);
      expect(received[1]).toHaveLength(0);
      await handles[0].cancel();
      await publishAll(published.slice(10));
      await eventually(() => received[1].length === 5, '5 deliveries to the standby consumer', wait);
      expect(received[1]).toEqual(['10#1', '11#1', '12#1', '13#1', '14#1']);
    });

    it('refuses a maxBatch below 1 and a prefetch below maxBatch, naming them', async () => {
      const { bus, run } = current();
      const base = { queue: current().queue('limits'), bindings: [pattern(`signal.${run}.*`)], handler: async () => undefined };
      await expect(bus.consumeBatches({ ...base, maxBatch: 0 })).rejects.toThrow('maxBatch must be an integer >= 1, got 0');
      await expect(bus.consumeBatches({ ...base, maxBatch: 8, prefetch: 4 })).rejects.toThrow('prefetch must be an integer >= maxBatch (8), got 4');
    });
  });
}
