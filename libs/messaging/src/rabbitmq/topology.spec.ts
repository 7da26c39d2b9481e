import { topicMatches, topics, type Topic } from '@trading/contracts';
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

  it('binds every service queue to the topics producers actually publish its inputs on', () => {
    const inputs: Record<string, Topic[]> = {
      'strategy-scalping.bars': [topics.marketBar('M5', 'EURUSD'), topics.executionReport('EURUSD'), topics.optimizerParams('scalping')],
      'strategy-intraday.bars': [topics.marketBar('H1', 'GBPUSD'), topics.executionReport('GBPUSD'), topics.optimizerParams('intraday')],
      'strategy-swing.bars': [topics.marketBar('H1', 'USDCHF'), topics.executionReport('USDCHF'), topics.optimizerParams('swing')],
      'ml-inference.bars': [topics.marketBar('M5', 'GBPUSD')],
      'risk.inbox': [
        topics.signal('swing', 'EURUSD'),
        topics.executionReport('EURUSD'),
        topics.accountFinancing('EURUSD'),
        topics.accountMarginCall(),
        topics.marketBar('M5', 'EURUSD'),
        topics.marketQuote('EURUSD'),
        topics.riskCommand(),
        topics.venueSnapshot(),
      ],
      'order-execution.orders': [topics.orderSubmit('EURUSD'), topics.orderCancel('EURUSD'), topics.marketBar('H1', 'EURUSD'), topics.venueSnapshotRequest()],
      'optimizer.requests': [topics.optimizerRequest()],
      'api.risk-state': [topics.riskState(), topics.riskDecision('EURUSD')],
    };
    for (const [name, published] of Object.entries(inputs)) {
      const queue = SERVICE_QUEUES.find((candidate) => candidate.name === name);
      const unrouted = published.filter((topic) => !queue?.bindings.some((binding) => topicMatches(binding, topic)));
      expect({ queue: name, unrouted }).toEqual({ queue: name, unrouted: [] });
    }
  });

  it('describes every service queue validly and with a unique name', () => {
    for (const queue of SERVICE_QUEUES) expect(() => validateQueueTopology(queue)).not.toThrow();
    expect(new Set(SERVICE_QUEUES.map((queue) => queue.name)).size).toBe(SERVICE_QUEUES.length);
  });
});
