// What a service relies on when it declares handlers with @BusEvent and
// @BusRequest, run on each bus adapter (the in-process spec and the RabbitMQ
// int-spec call it): resolve → ack, RejectMessage → dead-lettered at once with
// its reason, any other error → redelivered then dead-lettered with its
// message, all through Nest's pipes, interceptors and exception filters;
// replies published before the request's ack; ordered queues; DI; shutdown.
import 'reflect-metadata';
import {
  Controller,
  Injectable,
  UseInterceptors,
  type CallHandler,
  type ExecutionContext,
  type INestMicroservice,
  type NestInterceptor,
  type PipeTransform,
} from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { lastValueFrom, tap, type Observable } from 'rxjs';
import { parseRoutePattern, parseTopic, type Envelope, type MessageEnvelope, type SignalGenerated, type Topic } from '@trading/contracts';
import { RejectMessage, type MessageBus } from '../message-bus.port';
import { SignalBuilder } from '../testing';
import { gate } from '../testing/bus-contract.helpers';
import { BusClientProxy } from './bus-client.proxy';
import { BusEvent, BusRequest } from './bus-handler.decorators';
import type { BusReplies } from './bus-handler.outcome';
import { busConsumersOf } from './bus-microservice.factory';
import { BusContext } from './bus.context';
import { bootControllers, deadLettersOf, RecordingBus, until } from './bus-transport.fixtures';

export interface TransportFixture {
  readonly bus: MessageBus;
  /** A routing-key word no other run uses (topics are `signal.<word>.<symbol>`). */
  readonly word: string;
  /** A queue name unique to this run; cleanup removes it. */
  queue(label: string): string;
  queueExists(queue: string): Promise<boolean>;
  cleanup(): Promise<void>;
}

type Signal = MessageEnvelope<'signal'>;

export function runBusTransportSemantics(adapter: string, open: () => Promise<TransportFixture>): void {
  describe(`BusTransport on the ${adapter} bus`, () => {
    let fixture: TransportFixture;
    let app: INestMicroservice | undefined;
    let messages: SignalBuilder;
    const signalTopic = (symbol: string, word = fixture.word): Topic => parseTopic(`signal.${word}.${symbol}`);
    const signals = (word = fixture.word) => parseRoutePattern(`signal.${word}.*`);

    beforeEach(async () => {
      fixture = await open();
      messages = new SignalBuilder(fixture.word);
      app = undefined;
    });

    afterEach(async () => {
      await app?.close();
      await fixture.cleanup();
    });

    it('acks a delivery only once the handler resolved, handing it the envelope and the bus context', async () => {
      const bus = new RecordingBus(fixture.bus);
      const queue = fixture.queue('ack');
      const held = gate();
      const seen: unknown[] = [];
      @Controller()
      class Handlers {
        @BusEvent({ queue, bindings: [signals()] })
        async onSignal(@Payload() envelope: Envelope, @Ctx() context: BusContext): Promise<void> {
          seen.push({ id: envelope.id, queue: context.getQueue(), routingKey: context.getRoutingKey(), deliveryCount: context.getDeliveryCount() });
          await held.promise;
          bus.events.push(`handled ${envelope.id}`);
        }
      }
      app = await bootControllers(bus, [Handlers]);
      const envelope = messages.next('EURUSD');
      await bus.publish(signalTopic('EURUSD'), envelope);
      await until(() => seen.length === 1, 'the delivery');
      expect(bus.events).toEqual([`published ${envelope.id}`]);
      held.open();
      await until(() => bus.events.length === 3, 'the ack');
      expect(bus.events).toEqual([`published ${envelope.id}`, `handled ${envelope.id}`, `acked ${envelope.id}`]);
      expect(seen).toEqual([{ id: envelope.id, queue, routingKey: `signal.${fixture.word}.EURUSD`, deliveryCount: 1 }]);
    });

    it('dead-letters a message at once, with its reason, when the handler throws RejectMessage', async () => {
      const queue = fixture.queue('reject');
      const deliveries: number[] = [];
      @Controller()
      class Handlers {
        @BusEvent({ queue, bindings: [signals()], maxDeliveries: 5 })
        async onSignal(@Ctx() context: BusContext): Promise<void> {
          deliveries.push(context.getDeliveryCount());
          throw new RejectMessage('no account is open for this strategy');
        }
      }
      app = await bootControllers(fixture.bus, [Handlers]);
      const envelope = messages.next('EURUSD');
      await fixture.bus.publish(signalTopic('EURUSD'), envelope);
      const [letter] = await deadLettersOf(fixture.bus, queue, 1);
      expect(deliveries).toEqual([1]);
      expect(letter).toMatchObject({ queue, routingKey: `signal.${fixture.word}.EURUSD`, deliveryCount: 1 });
      expect(letter.reason).toMatch(/^rejected by (the )?handler: no account is open for this strategy$/);
      expect((JSON.parse(letter.body) as Envelope).id).toBe(envelope.id);
    });

    it('redelivers a message whose handler threw, then dead-letters it with the last error after maxDeliveries', async () => {
      const bus = new RecordingBus(fixture.bus);
      const queue = fixture.queue('retry');
      const deliveries: number[] = [];
      @Controller()
      class Handlers {
        @BusEvent({ queue, bindings: [signals()], maxDeliveries: 3 })
        async onSignal(@Ctx() context: BusContext): Promise<void> {
          deliveries.push(context.getDeliveryCount());
          throw new Error(`ledger write failed on delivery ${context.getDeliveryCount()}`);
        }
      }
      app = await bootControllers(bus, [Handlers]);
      const envelope = messages.next('EURUSD');
      await bus.publish(signalTopic('EURUSD'), envelope);
      const [letter] = await deadLettersOf(bus, queue, 1);
      expect(deliveries).toEqual([1, 2, 3]);
      expect(letter.deliveryCount).toBe(3);
      expect(letter.reason).toContain('ledger write failed on delivery 3');
      // Settled three times, acked never (the confirm of the publish itself may arrive after a delivery on RabbitMQ).
      expect(bus.events.filter((event) => event.endsWith(envelope.id) && !event.startsWith('published'))).toEqual([
        `failed ${envelope.id}`,
        `failed ${envelope.id}`,
        `failed ${envelope.id}`,
      ]);
    });

    it('acks a message that succeeds on a redelivery, and keeps the text of a thrown string as the reason', async () => {
      const retried = fixture.queue('recovers');
      const strings = fixture.queue('strings');
      const deliveries: string[] = [];
      @Controller()
      class Handlers {
        @BusEvent({ queue: retried, bindings: [parseRoutePattern(`signal.${fixture.word}.EURUSD`)], maxDeliveries: 3 })
        async onEurusd(@Ctx() context: BusContext): Promise<void> {
          deliveries.push(`EURUSD#${context.getDeliveryCount()}`);
          if (context.getDeliveryCount() === 1) throw new Error('the database restarted');
        }

        @BusEvent({ queue: strings, bindings: [parseRoutePattern(`signal.${fixture.word}.GBPUSD`)], maxDeliveries: 1 })
        onGbpusd(): void {
          // The case under test: code that throws a bare string.
          throw 'the GBPUSD feed is stale';
        }
      }
      const bus = new RecordingBus(fixture.bus);
      app = await bootControllers(bus, [Handlers]);
      const eurusd = messages.next('EURUSD');
      await bus.publish(signalTopic('EURUSD'), eurusd);
      await bus.publish(signalTopic('GBPUSD'), messages.next('GBPUSD'));
      const [letter] = await deadLettersOf(bus, strings, 1);
      expect(letter.reason).toContain('the GBPUSD feed is stale');
      await until(() => bus.events.includes(`acked ${eurusd.id}`), 'the ack of the redelivery');
      expect(deliveries).toEqual(['EURUSD#1', 'EURUSD#2']);
      expect(await bus.takeDeadLetters(retried)).toEqual([]);
    });

    it('runs interceptors and pipes around the handler; a pipe can reject, and errors reach the bus intact through them', async () => {
      const queue = fixture.queue('enhanced');
      const intercepted: string[] = [];
      const handled: string[] = [];
      class SignalPayloadPipe implements PipeTransform<Envelope, SignalGenerated> {
        transform(envelope: Envelope): SignalGenerated {
          const payload = envelope.payload as SignalGenerated;
          if (payload.symbol === 'USDJPY') throw new RejectMessage('USDJPY is not traded by this desk');
          return payload;
        }
      }
      class DeliveryInterceptor implements NestInterceptor {
        intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
          const delivery = context.switchToRpc().getContext<BusContext>();
          const label = `${delivery.getRoutingKey().split('.')[2]}#${delivery.getDeliveryCount()}`;
          return next.handle().pipe(
            tap({ complete: () => intercepted.push(`${label} ok`), error: (error: Error) => intercepted.push(`${label} ${error.name}: ${error.message}`) }),
          );
        }
      }
      @Controller()
      @UseInterceptors(DeliveryInterceptor)
      class Handlers {
        @BusEvent({ queue, bindings: [signals()], maxDeliveries: 2 })
        async onSignal(@Payload(new SignalPayloadPipe()) payload: SignalGenerated): Promise<void> {
          if (payload.symbol === 'GBPUSD') throw new Error('the GBPUSD book is locked');
          handled.push(payload.symbol);
        }
      }
      app = await bootControllers(fixture.bus, [Handlers]);
      for (const symbol of ['EURUSD', 'USDJPY', 'GBPUSD']) await fixture.bus.publish(signalTopic(symbol), messages.next(symbol));
      const letters = await deadLettersOf(fixture.bus, queue, 2);
      const bySymbol = new Map(letters.map((letter) => [letter.routingKey.split('.')[2], letter]));
      expect(bySymbol.get('USDJPY')?.deliveryCount).toBe(1);
      expect(bySymbol.get('USDJPY')?.reason).toContain('USDJPY is not traded by this desk');
      expect(bySymbol.get('GBPUSD')?.deliveryCount).toBe(2);
      expect(bySymbol.get('GBPUSD')?.reason).toContain('the GBPUSD book is locked');
      expect(handled).toEqual(['EURUSD']);
      expect([...intercepted].sort()).toEqual([
        'EURUSD#1 ok',
        'GBPUSD#1 Error: the GBPUSD book is locked',
        'GBPUSD#2 Error: the GBPUSD book is locked',
        'USDJPY#1 RejectMessage: USDJPY is not traded by this desk',
      ]);
    });

    it("publishes a request's replies, confirmed and in order, before it acks the request", async () => {
      const bus = new RecordingBus(fixture.bus);
      const requests = fixture.queue('requests');
      const answers = fixture.queue('answers');
      const replyWord = `${fixture.word}r`;
      const replies = new SignalBuilder(replyWord, 11);
      const received: string[] = [];
      @Controller()
      class Desk {
        @BusRequest({ queue: requests, bindings: [signals()] })
        async answer(@Payload() request: Signal): Promise<BusReplies> {
          const { symbol } = request.payload;
          if (symbol === 'USDCHF') return undefined;
          return [
            { topic: signalTopic(symbol, replyWord), envelope: replies.next(symbol) },
            { topic: signalTopic(symbol, replyWord), envelope: replies.next(symbol) },
          ];
        }

        @BusEvent({ queue: answers, bindings: [signals(replyWord)] })
        async onAnswer(@Payload() reply: Envelope): Promise<void> {
          received.push(reply.id);
        }
      }
      app = await bootControllers(bus, [Desk]);
      const request = messages.next('EURUSD');
      const unanswered = messages.next('USDCHF');
      await bus.publish(signalTopic('EURUSD'), request);
      await bus.publish(signalTopic('USDCHF'), unanswered);
      await until(() => received.length === 2 && bus.events.includes(`acked ${unanswered.id}`), 'the replies and acks');
      const published = bus.events.filter((event) => event.startsWith('published ')).map((event) => event.slice('published '.length));
      const replyIds = published.filter((id) => id !== request.id && id !== unanswered.id);
      expect(replyIds).toHaveLength(2);
      expect(received).toEqual(replyIds);
      const at = (event: string) => bus.events.indexOf(event);
      expect(at(`published ${replyIds[0]}`)).toBeLessThan(at(`published ${replyIds[1]}`));
      expect(at(`published ${replyIds[1]}`)).toBeLessThan(at(`acked ${request.id}`));
      expect(published).toHaveLength(4);
    });

    it('redelivers a request whose reply the bus refused, and dead-letters it with the publish error', async () => {
      const queue = fixture.queue('unanswerable');
      const nobody = `${fixture.word}n`;
      @Controller()
      class Desk {
        @BusRequest({ queue, bindings: [signals()], maxDeliveries: 2 })
        async answer(@Payload() request: Signal): Promise<BusReplies> {
          return { topic: signalTopic(request.payload.symbol, nobody), envelope: new SignalBuilder(nobody).next(request.payload.symbol) };
        }
      }
      app = await bootControllers(fixture.bus, [Desk]);
      await fixture.bus.publish(signalTopic('EURUSD'), messages.next('EURUSD'));
      const [letter] = await deadLettersOf(fixture.bus, queue, 1);
      expect(letter.deliveryCount).toBe(2);
      expect(letter.reason).toContain(`publish to signal.${nobody}.EURUSD rejected`);
    });

    it('dead-letters a request whose handler returns something that is not a reply, naming the handler', async () => {
      const queue = fixture.queue('malformed');
      @Controller()
      class Desk {
        @BusRequest({ queue, bindings: [signals()], maxDeliveries: 1 })
        async answer(): Promise<unknown> {
          return { topic: 'nowhere' };
        }
      }
      app = await bootControllers(fixture.bus, [Desk]);
      await fixture.bus.publish(signalTopic('EURUSD'), messages.next('EURUSD'));
      const [letter] = await deadLettersOf(fixture.bus, queue, 1);
      expect(letter.reason).toContain('Desk.answer returned {"topic":"nowhere"} as a reply');
    });

    it('handles a single-active-consumer queue one message at a time, in order, retrying a failure before the next', async () => {
      const queue = fixture.queue('ordered');
      const log: string[] = [];
      let active = 0;
      let mostActive = 0;
      @Controller()
      class Stream {
        @BusEvent({ queue, bindings: [signals()], singleActiveConsumer: true, prefetch: 8, maxDeliveries: 3 })
        async onSignal(@Payload() signal: Signal, @Ctx() context: BusContext): Promise<void> {
          active += 1;
          mostActive = Math.max(mostActive, active);
          const index = (signal.payload.barTime - 1_700_000_000_000) / 3_600_000;
          log.push(`${index}#${context.getDeliveryCount()}`);
          await new Promise((resolve) => setImmediate(resolve));
          active -= 1;
          if (index === 2 && context.getDeliveryCount() === 1) throw new Error('a lock timeout');
        }
      }
      app = await bootControllers(fixture.bus, [Stream]);
      for (let i = 0; i < 6; i++) await fixture.bus.publish(signalTopic('EURUSD'), messages.next('EURUSD'));
      await until(() => log.length === 7, 'seven deliveries');
      expect(log).toEqual(['0#1', '1#1', '2#1', '2#2', '3#1', '4#1', '5#1']);
      expect(mostActive).toBe(1);
    });

    it('gives handlers their DI dependencies, consumes several queues with one method, and publishes through an injected BusClientProxy', async () => {
      const first = fixture.queue('majors');
      const second = fixture.queue('crosses');
      @Injectable()
      class Ledger {
        readonly entries: string[] = [];
      }
      @Injectable()
      class Announcer {
        constructor(private readonly client: BusClientProxy) {}
        announce(topic: Topic, envelope: Envelope): Promise<void> {
          return lastValueFrom(this.client.emit(topic, envelope), { defaultValue: undefined });
        }
      }
      @Controller()
      class Handlers {
        constructor(private readonly ledger: Ledger) {}

        @BusEvent({ queue: first, bindings: [parseRoutePattern(`signal.${fixture.word}.EURUSD`)] })
        @BusEvent({ queue: second, bindings: [parseRoutePattern(`signal.${fixture.word}.EURGBP`)], prefetch: 2 })
        async onSignal(@Payload() signal: Signal, @Ctx() context: BusContext): Promise<void> {
          this.ledger.entries.push(`${context.getQueue()} ${signal.payload.symbol}`);
        }
      }
      app = await bootControllers(fixture.bus, [Handlers], [Ledger, Announcer]);
      await app.get(Announcer).announce(signalTopic('EURUSD'), messages.next('EURUSD'));
      await app.get(Announcer).announce(signalTopic('EURGBP'), messages.next('EURGBP'));
      const ledger = app.get(Ledger);
      await until(() => ledger.entries.length === 2, 'both deliveries');
      expect([...ledger.entries].sort()).toEqual([`${second} EURGBP`, `${first} EURUSD`].sort());
      expect(busConsumersOf(app)).toEqual([
        { queue: first, bindings: [`signal.${fixture.word}.EURUSD`], kind: 'event', handler: 'Handlers.onSignal' },
        { queue: second, bindings: [`signal.${fixture.word}.EURGBP`], kind: 'event', handler: 'Handlers.onSignal' },
      ]);
    });

    for (const closeBusOnShutdown of [false, true]) {
      it(`waits for in-flight handlers on close, then ${closeBusOnShutdown ? 'closes' : 'leaves open'} the bus (closeBusOnShutdown ${closeBusOnShutdown})`, async () => {
        const bus = new RecordingBus(fixture.bus);
        const queue = fixture.queue('draining');
        const held = gate();
        let started = false;
        let finished = false;
        @Controller()
        class Slow {
          @BusEvent({ queue, bindings: [signals()] })
          async onSignal(): Promise<void> {
            started = true;
            await held.promise;
            finished = true;
          }
        }
        app = await bootControllers(bus, [Slow], [], { closeBusOnShutdown });
        await bus.publish(signalTopic('EURUSD'), messages.next('EURUSD'));
        await until(() => started, 'the handler to start');
        let closed = false;
        const closing = app.close().then(() => (closed = true));
        app = undefined;
        await until(() => bus.events.includes(`cancelling ${queue}`), 'the consumer to be cancelled');
        expect(closed).toBe(false);
        expect(bus.isReady()).toBe(true);
        held.open();
        await closing;
        expect(finished).toBe(true);
        expect(bus.isReady()).toBe(!closeBusOnShutdown);
      });
    }

    it('removes a temporary queue when the microservice closes', async () => {
      const queue = fixture.queue('tap');
      const seen: string[] = [];
      @Controller()
      class Tap {
        @BusEvent({ queue, bindings: [signals()], temporary: true })
        async onSignal(@Payload() signal: Envelope): Promise<void> {
          seen.push(signal.id);
        }
      }
      app = await bootControllers(fixture.bus, [Tap]);
      const envelope = messages.next('EURUSD');
      await fixture.bus.publish(signalTopic('EURUSD'), envelope);
      await until(() => seen.length === 1, 'the delivery');
      expect(await fixture.queueExists(queue)).toBe(true);
      await app.close();
      app = undefined;
      await until(async () => !(await fixture.queueExists(queue)), 'the temporary queue to go');
      expect(seen).toEqual([envelope.id]);
    });
  });
}
