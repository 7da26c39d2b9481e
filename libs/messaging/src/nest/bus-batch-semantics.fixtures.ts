// What a service relies on when it declares a `@BusBatch` handler, run on each
// bus adapter (the in-process spec and the RabbitMQ int-spec call it): the
// handler gets a batch's envelopes in queue order with their deliveries, the
// batch is acked only once it resolved, the indices its outcome rejects are
// dead-lettered with their reasons, and a throw — through Nest's
// interceptors — follows the bus's batch retry rules, so a poison message is
// isolated and dead-lettered with the error while the others commit.
import 'reflect-metadata';
import { Controller, UseInterceptors, type CallHandler, type ExecutionContext, type INestMicroservice, type NestInterceptor } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { map, type Observable } from 'rxjs';
import { parseRoutePattern, parseTopic, type Envelope, type MessageEnvelope, type Topic } from '@trading/contracts';
import type { BatchOutcome } from '../message-bus.port';
import { SignalBuilder } from '../testing';
import { gate } from '../testing/bus-contract.helpers';
import { BusBatch } from './bus-handler.decorators';
import { busConsumersOf } from './bus-microservice.factory';
import { BusBatchContext } from './bus.context';
import { bootControllers, deadLettersOf, RecordingBus, until } from './bus-transport.fixtures';
import type { TransportFixture } from './bus-transport-semantics.fixtures';

type Signal = MessageEnvelope<'signal'>;

export function runBusBatchSemantics(adapter: string, open: () => Promise<TransportFixture>): void {
  describe(`@BusBatch handlers on the ${adapter} bus`, () => {
    let fixture: TransportFixture;
    let app: INestMicroservice | undefined;
    let messages: SignalBuilder;
    const signalTopic = (symbol: string): Topic => parseTopic(`signal.${fixture.word}.${symbol}`);
    const signals = () => parseRoutePattern(`signal.${fixture.word}.*`);
    const publishAll = async (envelopes: readonly Signal[], bus = fixture.bus) => {
      for (const envelope of envelopes) await bus.publish(signalTopic(envelope.payload.symbol), envelope);
    };

    beforeEach(async () => {
      fixture = await open();
      messages = new SignalBuilder(fixture.word);
      app = undefined;
    });

    afterEach(async () => {
      await app?.close();
      await fixture.cleanup();
    });

    it('hands the envelopes of each batch, in queue order, with their deliveries, and acks them only once the handler resolved', async () => {
      const bus = new RecordingBus(fixture.bus);
      const queue = fixture.queue('batches');
      const first = gate();
      const batches: string[][] = [];
      const contexts: string[] = [];
      @Controller()
      class Desk {
        @BusBatch({ queue, bindings: [signals()], maxBatch: 4, singleActiveConsumer: true })
        async onBatch(@Payload() envelopes: readonly Envelope[], @Ctx() context: BusBatchContext): Promise<void> {
          batches.push(envelopes.map((envelope) => envelope.id));
          const deliveries = context.getMessages();
          contexts.push(`${context.getQueue()} ${deliveries.length} ${deliveries.every((message, i) => message.envelope === envelopes[i] && message.deliveryCount === 1)}`);
          if (batches.length === 1) await first.promise;
          for (const envelope of envelopes) bus.events.push(`handled ${envelope.id}`);
        }
      }
      app = await bootControllers(bus, [Desk]);
      expect(busConsumersOf(app)).toEqual([{ queue, bindings: [`signal.${fixture.word}.*`], kind: 'batch', handler: 'Desk.onBatch' }]);
      const published = Array.from({ length: 9 }, () => messages.next('EURUSD'));
      await publishAll(published.slice(0, 1), bus);
      await until(() => batches.length === 1, 'the first batch');
      await publishAll(published.slice(1), bus);
      // Held: nothing of the first batch is acked yet.
      expect(bus.events.filter((event) => !event.startsWith('published'))).toEqual([]);
      first.open();
      await until(() => bus.events.filter((event) => event.startsWith('acked')).length === 9, 'nine acks');
      expect(batches.flat()).toEqual(published.map((envelope) => envelope.id));
      expect(batches[0]).toEqual([published[0].id]);
      expect(Math.max(...batches.map((batch) => batch.length))).toBeLessThanOrEqual(4);
      expect(contexts.every((line, i) => line === `${queue} ${batches[i].length} true`)).toBe(true);
      // Each message is acked after its batch was handled, never before.
      const settled = bus.events.filter((event) => !event.startsWith('published'));
      for (const envelope of published) expect(settled.indexOf(`handled ${envelope.id}`)).toBeLessThan(settled.indexOf(`acked ${envelope.id}`));
    });

    it('dead-letters, with their reasons, the messages the outcome rejects, and acks the rest', async () => {
      const bus = new RecordingBus(fixture.bus);
      const queue = fixture.queue('outcome');
      @Controller()
      class Desk {
        @BusBatch({ queue, bindings: [signals()], maxBatch: 8, maxDeliveries: 3 })
        async onBatch(@Payload() envelopes: readonly Signal[]): Promise<BatchOutcome> {
          const rejected = new Map<number, string>();
          envelopes.forEach((envelope, index) => {
            if (envelope.payload.symbol === 'USDJPY') rejected.set(index, `limits: USDJPY is not traded (message ${envelope.id})`);
          });
          return { rejected };
        }
      }
      app = await bootControllers(bus, [Desk]);
      const published = ['EURUSD', 'USDJPY', 'GBPUSD', 'USDJPY', 'EURUSD'].map((symbol) => messages.next(symbol));
      await publishAll(published, bus);
      const letters = await deadLettersOf(bus, queue, 2);
      const rejected = [published[1], published[3]];
      expect(letters.map((letter) => (JSON.parse(letter.body) as Envelope).id)).toEqual(rejected.map((envelope) => envelope.id));
      expect(letters.map((letter) => letter.reason)).toEqual(rejected.map((envelope) => expect.stringContaining(`limits: USDJPY is not traded (message ${envelope.id})`)));
      expect(letters.map((letter) => letter.deliveryCount)).toEqual([1, 1]);
      await until(() => bus.events.filter((event) => event.startsWith('acked')).length === 3, 'three acks');
      expect(bus.events.filter((event) => event.startsWith('acked')).sort()).toEqual([published[0], published[2], published[4]].map((envelope) => `acked ${envelope.id}`).sort());
    });

    it('retries a batch that threw through an interceptor, isolates the poison message and dead-letters it with the error, committing the others', async () => {
      const queue = fixture.queue('poison');
      const committed: string[] = [];
      const calls: string[] = [];
      let intercepted = 0;
      class CountingInterceptor implements NestInterceptor {
        intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
          intercepted += 1;
          return next.handle().pipe(map((value: unknown) => value));
        }
      }
      @Controller()
      @UseInterceptors(CountingInterceptor)
      class Desk {
        @BusBatch({ queue, bindings: [signals()], maxBatch: 8, maxDeliveries: 2, singleActiveConsumer: true })
        async onBatch(@Payload() envelopes: readonly Signal[], @Ctx() context: BusBatchContext): Promise<void> {
          calls.push(context.getMessages().map((message) => `${(message.envelope as Signal).payload.symbol}#${message.deliveryCount}`).join(','));
          if (envelopes.some((envelope) => envelope.payload.symbol === 'USDJPY')) throw new Error('the USDJPY row violates a constraint');
          committed.push(...envelopes.map((envelope) => envelope.id));
        }
      }
      app = await bootControllers(fixture.bus, [Desk]);
      const published = ['EURUSD', 'USDJPY', 'GBPUSD'].map((symbol) => messages.next(symbol));
      await publishAll(published);
      const [letter] = await deadLettersOf(fixture.bus, queue, 1);
      expect((JSON.parse(letter.body) as Envelope).id).toBe(published[1].id);
      expect(letter.reason).toContain('the USDJPY row violates a constraint');
      expect(letter.deliveryCount).toBe(2);
      await until(() => committed.length === 2, 'the two good messages');
      expect(committed).toEqual([published[0].id, published[2].id]);
      expect(intercepted).toBe(calls.length);
      // Whatever the first batches held, the poison message ends up alone and the good ones commit around it.
      expect(calls.filter((call) => call === 'USDJPY#2')).toEqual(['USDJPY#2']);
    });

    it('retries then dead-letters a batch whose handler returns something that is not an outcome, naming the handler', async () => {
      const queue = fixture.queue('malformed');
      @Controller()
      class Desk {
        @BusBatch({ queue, bindings: [signals()], maxBatch: 8, maxDeliveries: 1 })
        async onBatch(): Promise<unknown> {
          return { rejected: [0] };
        }
      }
      app = await bootControllers(fixture.bus, [Desk]);
      await publishAll([messages.next('EURUSD')]);
      const [letter] = await deadLettersOf(fixture.bus, queue, 1);
      expect(letter.reason).toContain('Desk.onBatch returned {"rejected":[0]} from a batch');
    });
  });
}
