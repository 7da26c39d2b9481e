import { consumerQueueArguments, SERVICE_QUEUES, validateQueueTopology, type QueueTopology } from './topology';

const orders: QueueTopology = { name: 'order-execution.orders', bindings: ['order.submit.*'], queueType: 'quorum', maxDeliveries: 5, singleActiveConsumer: true };

describe('RabbitMQ topology', () => {
  it('gives a quorum queue its delivery limit, dead-letter target and single active consumer flag', () => {
    expect(consumerQueueArguments(orders, 'trading')).toEqual({
      'x-queue-type': 'quorum',
      'x-dead-letter-exchange': 'trading.dlx',
      'x-dead-letter-routing-key': 'order-execution.orders',
      'x-delivery-limit': 5,
      'x-single-active-consumer': true,
    });
  });

  it('gives a classic queue no delivery limit (the broker would refuse it)', () => {
    const args = consumerQueueArguments({ ...orders, queueType: 'classic', singleActiveConsumer: false }, 'trading');
    expect(args).toEqual({ 'x-queue-type': 'classic', 'x-dead-letter-exchange': 'trading.dlx', 'x-dead-letter-routing-key': 'order-execution.orders' });
  });

  it('rejects a bad queue name, binding or delivery limit, naming the queue', () => {
    expect(() => validateQueueTopology({ ...orders, name: 'orders.dlq' })).toThrow('queue name "orders.dlq"');
    expect(() => validateQueueTopology({ ...orders, bindings: ['order..submit'] })).toThrow('binding "order..submit" is not a topic pattern');
    expect(() => validateQueueTopology({ ...orders, bindings: [] })).toThrow('needs at least one binding');
    expect(() => validateQueueTopology({ ...orders, maxDeliveries: 0 })).toThrow('maxDeliveries must be an integer >= 1, got 0');
  });

  it('describes every service queue validly and with a unique name', () => {
    for (const queue of SERVICE_QUEUES) expect(() => validateQueueTopology(queue)).not.toThrow();
    expect(new Set(SERVICE_QUEUES.map((queue) => queue.name)).size).toBe(SERVICE_QUEUES.length);
  });
});
