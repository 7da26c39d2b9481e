// Helpers of the bus transport specs: a bus that records what reached the
// adapter (publishes confirmed, deliveries settled), a test module around a
// few controllers, and polling with a deadline.
import 'reflect-metadata';
import { Module, type INestMicroservice, type Provider, type Type } from '@nestjs/common';
import type { Envelope, Topic } from '@trading/contracts';
import type { BatchConsumerSpec, BatchOutcome, ConsumerHandle, ConsumerSpec, DeadLetter, MessageBus } from '../message-bus.port';
import { provideBus } from './bus-client.proxy';
import { createBusMicroservice, type BusMicroserviceOptions } from './bus-microservice.factory';

/**
 * Wraps a bus and writes down, in order, each publish the bus confirmed
 * (`published <id>`) and each delivery whose handler settled: `acked <id>`
 * when it resolved (the adapter acks right then), `failed <id>` when it threw,
 * `rejected <id>` when a batch handler's outcome named it, and
 * `cancelling <queue>` when a consumer is asked to stop.
 */
export class RecordingBus implements MessageBus {
  readonly events: string[] = [];

  constructor(readonly inner: MessageBus) {}

  async publish(topic: Topic, envelope: Envelope): Promise<void> {
    // A confirm takes at least a turn of the event loop, as a broker's does, even on the in-process bus.
    await new Promise((resolve) => setImmediate(resolve));
    await this.inner.publish(topic, envelope);
    this.events.push(`published ${envelope.id}`);
  }

  publishRaw(topic: Topic, body: Buffer | string): Promise<void> {
    return this.inner.publishRaw(topic, body);
  }

  async consume(spec: ConsumerSpec): Promise<ConsumerHandle> {
    const handle = await this.inner.consume({
      ...spec,
      handler: async (message) => {
        try {
          await spec.handler(message);
        } catch (error) {
          this.events.push(`failed ${message.envelope.id}`);
          throw error;
        }
        this.events.push(`acked ${message.envelope.id}`);
      },
    });
    return {
      cancel: () => {
        this.events.push(`cancelling ${spec.queue}`);
        return handle.cancel();
      },
    };
  }

  /** Each message of a batch is recorded as it settles, in batch order. */
  async consumeBatches(spec: BatchConsumerSpec): Promise<ConsumerHandle> {
    const handle = await this.inner.consumeBatches({
      ...spec,
      handler: async (batch) => {
        let outcome: BatchOutcome | void;
        try {
          outcome = await spec.handler(batch);
        } catch (error) {
          for (const message of batch) this.events.push(`failed ${message.envelope.id}`);
          throw error;
        }
        batch.forEach((message, index) => this.events.push(`${outcome?.rejected.has(index) ? 'rejected' : 'acked'} ${message.envelope.id}`));
        return outcome;
      },
    });
    return {
      cancel: () => {
        this.events.push(`cancelling ${spec.queue}`);
        return handle.cancel();
      },
    };
  }

  takeDeadLetters(queue: string, max?: number): Promise<DeadLetter[]> {
    return this.inner.takeDeadLetters(queue, max);
  }

  isReady(): boolean {
    return this.inner.isReady();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

/** Boots the controllers (and providers) as a bus microservice, with the bus and a BusClientProxy injectable. */
export function bootControllers(
  bus: MessageBus,
  controllers: Type[],
  providers: Provider[] = [],
  options: Omit<BusMicroserviceOptions, 'bus'> = {},
): Promise<INestMicroservice> {
  @Module({ controllers, providers: [...provideBus(bus), ...providers] })
  class TransportTestModule {}
  return createBusMicroservice(TransportTestModule, { bus, ...options });
}

/** Polls until `condition` holds; fails naming `what` after a deadline generous enough for a shared machine. */
export async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Collects dead letters of `queue` until there are `count` of them. */
export async function deadLettersOf(bus: MessageBus, queue: string, count: number): Promise<DeadLetter[]> {
  const letters: DeadLetter[] = [];
  await until(async () => {
    letters.push(...(await bus.takeDeadLetters(queue)));
    return letters.length >= count;
  }, `${count} dead letter(s) on ${queue}`);
  return letters;
}
