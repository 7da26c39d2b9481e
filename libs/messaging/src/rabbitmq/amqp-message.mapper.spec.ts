import {
  deadLetterDeliveryCountOf,
  deadLetterPublishOptions,
  deadLetterReasonOf,
  deliveryCountOf,
  envelopePublishOptions,
  originalRoutingKeyOf,
} from './amqp-message.mapper';

describe('AMQP message mapping', () => {
  const envelope = {
    id: '01890a5d-ac96-774b-bcce-b302099a8057',
    type: 'signal',
    version: 2,
    occurredAt: 1_700_000_123_456,
    correlationId: '01890a5d-ac96-774b-bcce-b302099a8000',
    causationId: null,
    producer: 'strategy-swing',
    payload: {},
  };

  it('publishes an envelope mandatory, with its id, type, correlation id and a timestamp in whole seconds', () => {
    expect(envelopePublishOptions(envelope, true)).toEqual({
      mandatory: true,
      persistent: true,
      contentType: 'application/json',
      messageId: envelope.id,
      type: 'signal',
      timestamp: 1_700_000_123,
      correlationId: envelope.correlationId,
      appId: 'strategy-swing',
      headers: { 'x-version': 2, 'x-causation-id': '' },
    });
  });

  it('counts deliveries from the quorum queue header, and at least 2 for a redelivery without it', () => {
    expect(deliveryCountOf(undefined, false)).toBe(1);
    expect(deliveryCountOf({ 'x-delivery-count': 2 }, true)).toBe(3);
    expect(deliveryCountOf({}, true)).toBe(2);
  });

  it('writes the reason, original routing key and delivery count on a dead letter and reads them back', () => {
    const options = deadLetterPublishOptions(
      { messageId: envelope.id, headers: { 'x-version': 2 } },
      { reason: 'handler failed: boom', routingKey: 'signal.swing.EURUSD', exchange: 'trading', deliveryCount: 5 },
    );
    const headers = options.headers as Record<string, unknown>;
    expect(headers).toEqual({
      'x-version': 2,
      'x-rejection-reason': 'handler failed: boom',
      'x-original-routing-key': 'signal.swing.EURUSD',
      'x-original-exchange': 'trading',
      'x-dead-letter-delivery-count': 5,
    });
    expect(deadLetterReasonOf(headers)).toBe('handler failed: boom');
    expect(originalRoutingKeyOf(headers, 'queue-name')).toBe('signal.swing.EURUSD');
    expect(deadLetterDeliveryCountOf(headers)).toBe(5);
  });

  it('reads what the broker wrote when it dead-lettered a message past its delivery limit', () => {
    const headers = { 'x-first-death-reason': 'delivery_limit', 'x-death': [{ count: 1, 'routing-keys': ['order.submit.EURUSD'] }] };
    expect(deadLetterReasonOf(headers)).toBe('broker dead-lettered: delivery_limit');
    expect(originalRoutingKeyOf(headers, 'queue-name')).toBe('order.submit.EURUSD');
    expect(deadLetterDeliveryCountOf(headers)).toBe(1);
  });
});
