// How envelopes and dead letters map onto AMQP message properties and headers,
// and back. Kept apart from the connection code so the mapping is testable
// without a broker.
import type { Envelope } from '@trading/contracts';
import type { Options } from 'amqplib';

export const JSON_CONTENT_TYPE = 'application/json';

/** Headers the adapter writes on a dead letter. */
export const REJECTION_REASON_HEADER = 'x-rejection-reason';
export const ORIGINAL_ROUTING_KEY_HEADER = 'x-original-routing-key';
export const ORIGINAL_EXCHANGE_HEADER = 'x-original-exchange';
/** Quorum queues set it on redelivery (number of earlier deliveries); the adapter sets it on classic-queue retries. */
export const DELIVERY_COUNT_HEADER = 'x-delivery-count';
/** Deliveries a dead letter had; its own name because a quorum dead-letter queue rewrites x-delivery-count. */
export const DEAD_LETTER_DELIVERY_COUNT_HEADER = 'x-dead-letter-delivery-count';

export function envelopePublishOptions(envelope: Envelope, persistent: boolean, mandatory = true): Options.Publish {
  return {
    mandatory,
    persistent,
    contentType: JSON_CONTENT_TYPE,
    messageId: envelope.id,
    type: envelope.type,
    // AMQP timestamps are whole seconds; the exact time stays in the body.
    timestamp: Math.floor(envelope.occurredAt / 1000),
    correlationId: envelope.correlationId,
    appId: envelope.producer,
    headers: { 'x-version': envelope.version, 'x-causation-id': envelope.causationId ?? '' },
  };
}

export function rawPublishOptions(messageId: string, persistent: boolean, mandatory = true): Options.Publish {
  return { mandatory, persistent, messageId };
}

type Headers = Record<string, unknown> | undefined;

/**
 * 1 on first delivery. Quorum queues count returned deliveries in
 * `x-delivery-count`; a broker redelivery without the header (classic queue
 * after a connection loss) counts as at least the second delivery.
 */
export function deliveryCountOf(headers: Headers, redelivered: boolean): number {
  const previous = headers?.[DELIVERY_COUNT_HEADER];
  const count = typeof previous === 'number' && Number.isFinite(previous) ? previous + 1 : 1;
  return redelivered ? Math.max(count, 2) : count;
}

export interface DeadLetterHeaders {
  readonly reason: string;
  readonly routingKey: string;
  readonly exchange: string;
  readonly deliveryCount: number;
}

export function deadLetterPublishOptions(source: Options.Publish, dead: DeadLetterHeaders): Options.Publish {
  return {
    ...source,
    mandatory: true,
    persistent: true,
    headers: {
      ...(source.headers as Record<string, unknown> | undefined),
      [REJECTION_REASON_HEADER]: dead.reason,
      [ORIGINAL_ROUTING_KEY_HEADER]: dead.routingKey,
      [ORIGINAL_EXCHANGE_HEADER]: dead.exchange,
      [DEAD_LETTER_DELIVERY_COUNT_HEADER]: dead.deliveryCount,
    },
  };
}

/** Reads a dead letter's reason, whether the adapter or the broker (delivery limit, x-death) dead-lettered it. */
export function deadLetterReasonOf(headers: Headers): string {
  const reason = headers?.[REJECTION_REASON_HEADER];
  if (typeof reason === 'string') return reason;
  const brokerReason = headers?.['x-first-death-reason'];
  if (brokerReason !== undefined) return `broker dead-lettered: ${String(brokerReason)}`;
  return 'unknown';
}

export function originalRoutingKeyOf(headers: Headers, fallback: string): string {
  const key = headers?.[ORIGINAL_ROUTING_KEY_HEADER];
  if (typeof key === 'string') return key;
  const death = headers?.['x-death'];
  if (Array.isArray(death)) {
    const keys = (death[0] as { 'routing-keys'?: unknown } | undefined)?.['routing-keys'];
    if (Array.isArray(keys) && typeof keys[0] === 'string') return keys[0];
  }
  return fallback;
}

export function deadLetterDeliveryCountOf(headers: Headers): number {
  const count = headers?.[DEAD_LETTER_DELIVERY_COUNT_HEADER];
  if (typeof count === 'number') return count;
  const death = headers?.['x-death'];
  if (Array.isArray(death)) {
    const deathCount = (death[0] as { count?: unknown } | undefined)?.count;
    if (typeof deathCount === 'number') return deathCount;
  }
  return 0;
}
