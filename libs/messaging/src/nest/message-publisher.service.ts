// What a NestJS service injects to publish: the port's publish, nothing of the
// adapter. Kept as a class so it can be injected without a token.
import { Inject, Injectable } from '@nestjs/common';
import type { Envelope, Topic } from '@trading/contracts';
import type { MessageBus } from '../message-bus.port';
import { MESSAGE_BUS } from './messaging.tokens';

@Injectable()
export class MessagePublisher {
  constructor(@Inject(MESSAGE_BUS) private readonly bus: MessageBus) {}

  /** Resolves once the bus has the message (a broker confirm on RabbitMQ). */
  publish(topic: Topic, envelope: Envelope): Promise<void> {
    return this.bus.publish(topic, envelope);
  }

  isReady(): boolean {
    return this.bus.isReady();
  }
}
