// Builds envelopes for one producer: ids are UUIDv7 from the injected clock and
// random source, and the chain ids follow the causing message (a root message
// is its own correlation). Payloads are validated here, so a producer bug is
// reported at the producer, naming the field, instead of on every consumer.
import type { Clock, RandomSource } from '@trading/domain';
import type { Envelope } from './envelope';
import { UuidV7Generator } from './ids/uuid-v7';
import { CURRENT_MESSAGES, type MessageEnvelope, type MessageType, type PayloadOf } from './message-registry';
import { wordField } from './messages/common.fields';
import { assertValid } from './schema';

export interface MessageFactoryOptions {
  readonly clock: Clock;
  readonly random: RandomSource;
  /** Name of the producing service or tool, e.g. "risk". */
  readonly producer: string;
}

export interface CreateOptions {
  /** The message that caused this one: sets correlationId and causationId. */
  readonly causedBy?: Pick<Envelope, 'id' | 'correlationId'>;
  /** A derived id (see derivedId): the same whoever computes the message; a UUIDv7 otherwise. */
  readonly id?: string;
  /** The market time of the event behind the message; the producer's clock otherwise. */
  readonly occurredAt?: number;
}

export class MessageFactory {
  private readonly ids: UuidV7Generator;
  private readonly clock: Clock;
  readonly producer: string;

  constructor(options: MessageFactoryOptions) {
    this.producer = assertValid(wordField, options.producer, 'producer');
    this.clock = options.clock;
    this.ids = new UuidV7Generator(options.clock, options.random);
  }

  create<T extends MessageType>(type: T, payload: PayloadOf<T>, options: CreateOptions = {}): MessageEnvelope<T> {
    const definition = CURRENT_MESSAGES[type];
    if (definition === undefined) throw new TypeError(`unknown message type ${JSON.stringify(type)}`);
    assertValid<unknown>(definition.schema, payload, `${type} payload`);
    const id = options.id ?? this.ids.next();
    const cause = options.causedBy;
    return {
      id,
      type,
      version: definition.version,
      occurredAt: options.occurredAt ?? this.clock.now(),
      correlationId: cause === undefined ? id : cause.correlationId,
      causationId: cause === undefined ? null : cause.id,
      producer: this.producer,
      payload,
    };
  }

  /** A fresh UUIDv7 from the same generator (for ids that are not message ids). */
  nextId(): string {
    return this.ids.next();
  }
}
