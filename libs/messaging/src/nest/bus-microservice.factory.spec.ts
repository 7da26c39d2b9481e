import 'reflect-metadata';
import { Controller, Inject, Injectable, Module, Scope, UseGuards, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { NestFactory, REQUEST } from '@nestjs/core';
import { BaseRpcExceptionFilter, Ctx, EventPattern, type MicroserviceOptions } from '@nestjs/microservices';
import { parseRoutePattern, parseTopic } from '@trading/contracts';
import { InProcessBus } from '../in-process';
import { RejectMessage } from '../message-bus.port';
import { SignalBuilder } from '../testing';
import { BusEvent } from './bus-handler.decorators';
import { busConsumersOf, createBusMicroservice } from './bus-microservice.factory';
import { bootControllers, deadLettersOf } from './bus-transport.fixtures';
import { BusContext } from './bus.context';
import { BusTransport } from './bus.transport';

const signals = parseRoutePattern('signal.boot.*');
const eurusd = parseTopic('signal.boot.EURUSD');

describe('createBusMicroservice', () => {
  let bus: InProcessBus;

  beforeEach(() => {
    bus = new InProcessBus();
  });

  afterEach(() => bus.close());

  it('refuses a handler in a request-scoped controller, naming it, and consumes nothing', async () => {
    @Controller({ scope: Scope.REQUEST })
    class PerRequest {
      @BusEvent({ queue: 'boot.scoped', bindings: [signals] })
      async onSignal(): Promise<void> {
        await Promise.resolve();
      }
    }
    await expect(bootControllers(bus, [PerRequest])).rejects.toThrow(
      'PerRequest.onSignal: bus handlers must live in singleton controllers, not request-scoped or transient ones',
    );
    expect(bus.stats()).toEqual([]);
  });

  it('refuses a handler in a controller made request-scoped by one of its dependencies', async () => {
    @Injectable({ scope: Scope.REQUEST })
    class RequestInfo {
      constructor(@Inject(REQUEST) readonly request: unknown) {}
    }
    @Controller()
    class Handlers {
      constructor(readonly info: RequestInfo) {}

      @BusEvent({ queue: 'boot.scoped-dependency', bindings: [signals] })
      async onSignal(): Promise<void> {
        await Promise.resolve();
      }
    }
    await expect(bootControllers(bus, [Handlers], [RequestInfo])).rejects.toThrow('Handlers.onSignal: bus handlers must live in singleton controllers');
    expect(bus.stats()).toEqual([]);
  });

  it('refuses a handler on a provider, which Nest would never call', async () => {
    @Injectable()
    class NotAController {
      @BusEvent({ queue: 'boot.provider', bindings: [signals] })
      async onSignal(): Promise<void> {
        await Promise.resolve();
      }
    }
    await expect(bootControllers(bus, [], [NotAController])).rejects.toThrow(
      "NotAController.onSignal: NotAController is a provider, and Nest routes messages to controllers only: list it in its module's controllers",
    );
  });

  it('refuses two handlers on one queue, naming both', async () => {
    @Controller()
    class First {
      @BusEvent({ queue: 'boot.shared', bindings: [signals] })
      async onSignal(): Promise<void> {
        await Promise.resolve();
      }
    }
    @Controller()
    class Second {
      @BusEvent({ queue: 'boot.shared', bindings: [signals] })
      async onSignal(): Promise<void> {
        await Promise.resolve();
      }
    }
    await expect(bootControllers(bus, [First, Second])).rejects.toThrow('queue boot.shared has two handlers, First.onSignal and Second.onSignal');
    expect(bus.stats()).toEqual([]);
  });

  it('refuses a bare @EventPattern, which names no bindings', async () => {
    @Controller()
    class Bare {
      @EventPattern('boot.bare')
      async onSignal(): Promise<void> {
        await Promise.resolve();
      }
    }
    await expect(bootControllers(bus, [Bare])).rejects.toThrow('pattern boot.bare has no bus queue declaration: declare bus handlers with @BusEvent, @BusRequest or @BusBatch');
  });

  it('cancels the consumers it started when a later one cannot start', async () => {
    // Declared elsewhere with other limits: the bus refuses the second consumer.
    const other = await bus.consume({ queue: 'boot.second', bindings: [signals], maxDeliveries: 2, handler: async () => undefined });
    @Controller()
    class Handlers {
      @BusEvent({ queue: 'boot.first', bindings: [signals] })
      async onFirst(): Promise<void> {
        await Promise.resolve();
      }

      @BusEvent({ queue: 'boot.second', bindings: [signals], maxDeliveries: 5 })
      async onSecond(): Promise<void> {
        await Promise.resolve();
      }
    }
    await expect(bootControllers(bus, [Handlers])).rejects.toThrow('queue boot.second was declared with maxDeliveries 2');
    expect(bus.stats().find((stats) => stats.queue === 'boot.first')?.consumers).toBe(0);
    expect(bus.stats().find((stats) => stats.queue === 'boot.second')?.consumers).toBe(1);
    await other.cancel();
  });

  it('closes the bus when the boot fails and it was asked to own the bus', async () => {
    @Module({ providers: [{ provide: 'broken', useFactory: () => Promise.reject(new Error('the config is missing RISK_LIMIT')) }] })
    class Broken {}
    await expect(createBusMicroservice(Broken, { bus, closeBusOnShutdown: true })).rejects.toThrow('the config is missing RISK_LIMIT');
    expect(bus.isReady()).toBe(false);
  });

  it('lists the consumers of its own microservices only', async () => {
    @Module({})
    class Empty {}
    const app = await NestFactory.createApplicationContext(Empty, { logger: false });
    expect(() => busConsumersOf(app as never)).toThrow('this application was not created by createBusMicroservice');
    await app.close();
    const microservice = await createBusMicroservice(Empty, { bus });
    expect(busConsumersOf(microservice)).toEqual([]);
    await microservice.close();
    expect(bus.isReady()).toBe(true);
  });

  it('logs each consumer it starts and each handler failure, through the given logger', async () => {
    const lines: string[] = [];
    const logger = { info: (message: string) => void lines.push(`info ${message}`), warn: (message: string) => void lines.push(`warn ${message}`) };
    @Controller()
    class Handlers {
      @BusEvent({ queue: 'boot.logged', bindings: [signals], maxDeliveries: 1 })
      async onSignal(): Promise<void> {
        throw new RejectMessage('not for this desk');
      }
    }
    const app = await bootControllers(bus, [Handlers], [], { logger });
    await bus.publish(eurusd, new SignalBuilder('boot').next('EURUSD'));
    await deadLettersOf(bus, 'boot.logged', 1);
    await app.close();
    expect(lines).toEqual(['info consuming boot.logged with Handlers.onSignal', 'warn Handlers.onSignal rejected a message']);
  });
});

describe('BusTransport booted by hand', () => {
  it('keeps a RejectMessage intact even under a global filter that would hide it', async () => {
    const bus = new InProcessBus();
    const deliveries: number[] = [];
    @Controller()
    class Handlers {
      @BusEvent({ queue: 'manual.rejects', bindings: [signals], maxDeliveries: 4 })
      async onSignal(): Promise<void> {
        deliveries.push(deliveries.length + 1);
        throw new RejectMessage('stale quote');
      }
    }
    @Module({ controllers: [Handlers] })
    class Manual {}
    const app = await NestFactory.createMicroservice<MicroserviceOptions>(Manual, { strategy: new BusTransport(bus), logger: false, abortOnError: false });
    // Nest's own default: any error that is not an RpcException becomes "Internal server error".
    app.useGlobalFilters(new BaseRpcExceptionFilter());
    await app.listen();
    await bus.publish(eurusd, new SignalBuilder('boot').next('EURUSD'));
    const [letter] = await deadLettersOf(bus, 'manual.rejects', 1);
    expect(letter.reason).toBe('rejected by the handler: stale quote');
    expect(deliveries).toEqual([1]);
    await app.close();
    await bus.close();
  });
});

describe('guards on bus handlers', () => {
  it('redelivers what a guard refuses like any failure, and dead-letters at once what it rejects', async () => {
    const bus = new InProcessBus();
    const handled: string[] = [];
    class KnownSymbols implements CanActivate {
      canActivate(context: ExecutionContext): boolean {
        const symbol = context.switchToRpc().getContext<BusContext>().getRoutingKey().split('.')[2];
        if (symbol === 'USDJPY') throw new RejectMessage('USDJPY is not a known symbol');
        return symbol !== 'GBPUSD';
      }
    }
    @Controller()
    @UseGuards(KnownSymbols)
    class Handlers {
      @BusEvent({ queue: 'guarded', bindings: [signals], maxDeliveries: 2 })
      async onSignal(@Ctx() context: BusContext): Promise<void> {
        handled.push(context.getRoutingKey());
      }
    }
    const app = await bootControllers(bus, [Handlers]);
    const messages = new SignalBuilder('boot');
    for (const symbol of ['EURUSD', 'GBPUSD', 'USDJPY']) await bus.publish(parseTopic(`signal.boot.${symbol}`), messages.next(symbol));
    const letters = await deadLettersOf(bus, 'guarded', 2);
    const bySymbol = Object.fromEntries(letters.map((letter) => [letter.routingKey, [letter.deliveryCount, letter.reason]]));
    expect(bySymbol).toEqual({
      'signal.boot.GBPUSD': [2, 'handler failed on all 2 deliveries; last error: Forbidden resource'],
      'signal.boot.USDJPY': [1, 'rejected by the handler: USDJPY is not a known symbol'],
    });
    expect(handled).toEqual(['signal.boot.EURUSD']);
    await app.close();
    await bus.close();
  });
});
