import 'reflect-metadata';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { parseRoutePattern, parseTopic } from '@trading/contracts';
import { describeWithServers } from '@trading/test-support';
import type { DeliveredMessage } from '../message-bus.port';
import { RabbitMqBus } from '../rabbitmq/rabbitmq-bus.adapter';
import { connectTestBus, deleteTopology, uniqueRunName } from '../rabbitmq/rabbitmq-test.fixtures';
import { SignalBuilder } from '../testing';
import { MessagePublisher } from './message-publisher.service';
import { MESSAGE_BUS } from './messaging.tokens';
import { MessagingModule } from './messaging.module';
import { OnMessage } from './on-message.decorator';

describeWithServers(['rabbitmq'], 'MessagingModule over RabbitMQ', () => {
  const exchange = uniqueRunName('nest');
  const queue = `${exchange}.signals`;

  afterAll(() => deleteTopology(exchange, [queue]));

  it('runs the same decorated handlers and publisher on the RabbitMQ adapter', async () => {
    const received: DeliveredMessage[] = [];

    @Injectable()
    class Handlers {
      @OnMessage({ queue, bindings: [parseRoutePattern(`signal.${exchange}.*`)], prefetch: 8, singleActiveConsumer: true })
      async onSignal(message: DeliveredMessage): Promise<void> {
        received.push(message);
      }
    }
    @Module({ imports: [MessagingModule.forRoot({ useFactory: () => connectTestBus(exchange) })], providers: [Handlers] })
    class AppModule {}

    const app = await NestFactory.createApplicationContext(AppModule, { logger: false });
    const bus = app.get<RabbitMqBus>(MESSAGE_BUS);
    expect(bus).toBeInstanceOf(RabbitMqBus);
    const messages = new SignalBuilder(exchange);
    const sent = [messages.next('EURUSD'), messages.next('GBPUSD'), messages.next('USDJPY')];
    for (const envelope of sent) await app.get(MessagePublisher).publish(parseTopic(`signal.${exchange}.${envelope.payload.symbol}`), envelope);
    for (let i = 0; i < 200 && received.length < 3; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(received.map((message) => message.envelope)).toEqual(sent);
    await app.close();
    expect(bus.isReady()).toBe(false);
  });
});
