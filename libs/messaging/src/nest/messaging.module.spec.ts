import 'reflect-metadata';
import { Injectable, Module, Scope } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { parseRoutePattern, parseTopic, type Envelope } from '@trading/contracts';
import { InProcessBus } from '../in-process';
import { RejectMessage, type DeliveredMessage, type MessageBus } from '../message-bus.port';
import { SignalBuilder } from '../testing';
import { MessageHandlerExplorer } from './message-handler.explorer';
import { MessagePublisher } from './message-publisher.service';
import { MESSAGE_BUS } from './messaging.tokens';
import { MessagingModule } from './messaging.module';
import { OnMessage } from './on-message.decorator';

/** A dependency of the handler, to prove handlers run inside the DI graph. */
@Injectable()
class SignalLedger {
  readonly ids: string[] = [];
  readonly deliveries: DeliveredMessage[] = [];
}

@Injectable()
class SignalHandlers {
  constructor(private readonly ledger: SignalLedger) {}

  @OnMessage({ queue: 'nest.risk.signals', bindings: [parseRoutePattern('signal.nest.*')], prefetch: 4 })
  async onSignal(message: DeliveredMessage): Promise<void> {
    this.ledger.deliveries.push(message);
    this.ledger.ids.push(message.envelope.id);
  }

  @OnMessage({ queue: 'nest.audit.gbp', bindings: [parseRoutePattern('signal.nest.GBPUSD')] })
  @OnMessage({ queue: 'nest.audit.jpy', bindings: [parseRoutePattern('signal.nest.USDJPY')] })
  async onAudit(message: DeliveredMessage): Promise<void> {
    if (message.envelope.payload && (message.envelope.payload as { symbol?: string }).symbol === 'USDJPY') {
      throw new RejectMessage('yen signals are not audited');
    }
    this.ledger.ids.push(`audit:${message.envelope.id}`);
  }
}

/** Publishes through the injected MessagePublisher, as a service would. */
@Injectable()
class SignalEmitter {
  constructor(private readonly publisher: MessagePublisher) {}

  emit(envelope: Envelope, symbol: string): Promise<void> {
    return this.publisher.publish(parseTopic(`signal.nest.${symbol}`), envelope);
  }
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  if (!condition()) throw new Error('condition not met within 1 s');
}

function appModule(bus: MessageBus): new () => unknown {
  @Module({
    imports: [MessagingModule.forRoot({ useFactory: () => bus })],
    providers: [SignalLedger, SignalHandlers, SignalEmitter],
  })
  class AppModule {}
  return AppModule;
}

describe('MessagingModule', () => {
  it('registers every @OnMessage method as a consumer and delivers published messages to it', async () => {
    const bus = new InProcessBus();
    const app = await NestFactory.createApplicationContext(appModule(bus), { logger: false });
    const messages = new SignalBuilder('nest');
    const eurusd = messages.next('EURUSD');
    const gbpusd = messages.next('GBPUSD');

    await app.get(SignalEmitter).emit(eurusd, 'EURUSD');
    await app.get(SignalEmitter).emit(gbpusd, 'GBPUSD');
    const ledger = app.get(SignalLedger);
    await until(() => ledger.ids.length === 3);

    expect([...ledger.ids].sort()).toEqual([eurusd.id, gbpusd.id, `audit:${gbpusd.id}`].sort());
    expect(ledger.deliveries[0]).toEqual({ envelope: eurusd, routingKey: 'signal.nest.EURUSD', deliveryCount: 1 });
    expect(app.get(MessageHandlerExplorer).handlers()).toEqual([
      { queue: 'nest.risk.signals', provider: 'SignalHandlers', method: 'onSignal' },
      { queue: 'nest.audit.gbp', provider: 'SignalHandlers', method: 'onAudit' },
      { queue: 'nest.audit.jpy', provider: 'SignalHandlers', method: 'onAudit' },
    ]);
    expect(app.get(MESSAGE_BUS)).toBe(bus);
    await app.close();
  });

  it('dead-letters through the bus when a decorated handler throws RejectMessage', async () => {
    const bus = new InProcessBus();
    const app = await NestFactory.createApplicationContext(appModule(bus), { logger: false });
    await app.get(SignalEmitter).emit(new SignalBuilder('nest').next('USDJPY'), 'USDJPY');
    let letters: Awaited<ReturnType<MessageBus['takeDeadLetters']>> = [];
    await until(() => letters.length > 0 || (void bus.takeDeadLetters('nest.audit.jpy').then((taken) => (letters = [...letters, ...taken])), false));
    expect(letters).toHaveLength(1);
    expect(letters[0].reason).toContain('yen signals are not audited');
    await app.close();
  });

  it('closes the bus on application shutdown after in-flight handlers finished', async () => {
    const bus = new InProcessBus();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let finished = false;

    @Injectable()
    class SlowHandler {
      @OnMessage({ queue: 'nest.slow', bindings: [parseRoutePattern('signal.nest.#')] })
      async onSignal(): Promise<void> {
        await held;
        finished = true;
      }
    }
    @Module({ imports: [MessagingModule.forRoot({ useFactory: () => bus })], providers: [SlowHandler, SignalEmitter] })
    class SlowModule {}

    const app = await NestFactory.createApplicationContext(SlowModule, { logger: false });
    await app.get(SignalEmitter).emit(new SignalBuilder('nest').next(), 'EURUSD');
    await new Promise((resolve) => setTimeout(resolve, 20));
    const closing = app.close();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(finished).toBe(false);
    expect(bus.isReady()).toBe(true);
    release();
    await closing;
    expect(finished).toBe(true);
    expect(bus.isReady()).toBe(false);
  });

  it('refuses a handler on a transient-scoped provider, naming it', async () => {
    @Injectable({ scope: Scope.TRANSIENT })
    class TransientHandler {
      @OnMessage({ queue: 'nest.transient', bindings: [parseRoutePattern('signal.#')] })
      async onSignal(): Promise<void> {
        await Promise.resolve();
      }
    }
    @Module({ imports: [MessagingModule.forRoot({ useFactory: () => new InProcessBus() })], providers: [TransientHandler] })
    class TransientModule {}
    await expect(NestFactory.createApplicationContext(TransientModule, { logger: false, abortOnError: false })).rejects.toThrow(
      'TransientHandler.onSignal: message handlers must live in singleton providers',
    );
  });
});
