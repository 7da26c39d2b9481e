// The RabbitMQ topology in one place: names, queue arguments and the table of
// service consumer queues. The adapter declares from these functions at run
// time and deploy/rabbitmq/definitions.json is generated from them, so the two
// cannot drift.

export type QueueType = 'quorum' | 'classic';

export const DEFAULT_EXCHANGE = 'trading';
export const DEFAULT_MAX_DELIVERIES = 5;

/** A consumer queue as the broker sees it. */
export interface QueueTopology {
  readonly name: string;
  /** Binding patterns on the topic exchange. */
  readonly bindings: readonly string[];
  readonly queueType: QueueType;
  /** Deliveries before a failing message is dead-lettered. */
  readonly maxDeliveries: number;
  readonly singleActiveConsumer: boolean;
  /** Lives only with its consumer's connection (exclusive, auto-deleted, classic); for monitors and tools. */
  readonly temporary?: boolean;
}

/** The direct exchange that carries every dead letter, keyed by the consumer queue's name. */
export function deadLetterExchangeName(exchange: string): string {
  return `${exchange}.dlx`;
}

export function deadLetterQueueName(queue: string): string {
  return `${queue}.dlq`;
}

/**
 * Arguments of a consumer queue. The broker-side delivery limit and
 * dead-letter target are a safety net: the consumer dead-letters a failing
 * message itself on its last delivery (with the reason in the headers); the
 * broker only steps in for deliveries no consumer settled, e.g. a consumer
 * that crashed on the message every time.
 */
export function consumerQueueArguments(queue: QueueTopology, exchange: string): Record<string, string | number | boolean> {
  const args: Record<string, string | number | boolean> = {
    'x-queue-type': queue.queueType,
    'x-dead-letter-exchange': deadLetterExchangeName(exchange),
    'x-dead-letter-routing-key': queue.name,
  };
  // Classic queues have no delivery counter; the adapter counts retries in a header instead.
  if (queue.queueType === 'quorum') args['x-delivery-limit'] = queue.maxDeliveries;
  if (queue.singleActiveConsumer) args['x-single-active-consumer'] = true;
  return args;
}

export function deadLetterQueueArguments(queue: QueueTopology): Record<string, string> {
  return { 'x-queue-type': queue.queueType };
}

export function validateQueueTopology(queue: QueueTopology): void {
  if (!/^[A-Za-z0-9_.:-]{1,200}$/.test(queue.name) || queue.name.endsWith('.dlq')) {
    throw new RangeError(`queue name "${queue.name}" must be 1-200 of [A-Za-z0-9_.:-] and not end in .dlq`);
  }
  if (queue.bindings.length === 0) throw new RangeError(`queue "${queue.name}" needs at least one binding`);
  for (const binding of queue.bindings) {
    if (!/^(?:[A-Za-z0-9_-]+|\*|#)(?:\.(?:[A-Za-z0-9_-]+|\*|#))*$/.test(binding)) {
      throw new RangeError(`queue "${queue.name}": binding "${binding}" is not a topic pattern (words, * and # separated by dots)`);
    }
  }
  if (!Number.isInteger(queue.maxDeliveries) || queue.maxDeliveries < 1) {
    throw new RangeError(`queue "${queue.name}": maxDeliveries must be an integer >= 1, got ${queue.maxDeliveries}`);
  }
  if (queue.temporary && queue.queueType !== 'classic') {
    throw new RangeError(`queue "${queue.name}": a temporary queue must be classic (quorum queues cannot be exclusive)`);
  }
  if (queue.queueType !== 'quorum' && queue.queueType !== 'classic') {
    throw new RangeError(`queue "${queue.name}": queueType must be quorum or classic, got ${String(queue.queueType)}`);
  }
}

/**
 * The consumer queues of the distributed deployment (ARCHITECTURE §3). Orders,
 * decisions and reports are quorum queues with a delivery limit; strategies
 * consume bars with a single active consumer so one replica handles a symbol
 * stream in order.
 */
export const SERVICE_QUEUES: readonly QueueTopology[] = Object.freeze([
  // A strategy's bars, its position (the venue's reports) and its parameter
  // promotions in one queue: one total order, so a change of parameters lands
  // at a bar boundary and a fill is seen before the bars after it. In a
  // lockstep replay it holds a step's bars and reports until flow.release.
  queue('strategy-scalping.bars', ['market.bar.*.*', 'execution.report.*', 'optimizer.params.scalping', 'flow.release'], { singleActiveConsumer: true }),
  queue('strategy-intraday.bars', ['market.bar.*.*', 'execution.report.*', 'optimizer.params.intraday', 'flow.release'], { singleActiveConsumer: true }),
  queue('strategy-swing.bars', ['market.bar.*.*', 'execution.report.*', 'optimizer.params.swing', 'flow.release'], { singleActiveConsumer: true }),
  queue('ml-inference.bars', ['market.bar.*.*'], { singleActiveConsumer: true }),
  // Risk is one state machine over everything it hears: a single queue gives
  // its inputs one total order (a fill is booked before the signal that
  // arrived after it), which separate queues per type could not.
  queue('risk.inbox', ['signal.*.*', 'execution.report.*', 'account.financing.*', 'account.margin-call', 'market.bar.*.*', 'market.quote.*', 'risk.command', 'venue.snapshot', 'flow.release', 'flow.end'], {
    singleActiveConsumer: true,
  }),
  // The paper venue works its book on bars: in the orders' queue, so an order and the next bar keep their order.
  queue('order-execution.orders', ['order.submit.*', 'order.cancel.*', 'market.bar.*.*', 'venue.snapshot-request', 'flow.end'], { singleActiveConsumer: true }),
  queue('api.risk-state', ['risk.state', 'risk.decision.*', 'account.margin-call'], {}),
  queue('optimizer.requests', ['optimizer.request'], { singleActiveConsumer: true }),
]);

function queue(name: string, bindings: readonly string[], options: Partial<QueueTopology>): QueueTopology {
  return Object.freeze({
    name,
    bindings: Object.freeze([...bindings]),
    queueType: options.queueType ?? 'quorum',
    maxDeliveries: options.maxDeliveries ?? DEFAULT_MAX_DELIVERIES,
    singleActiveConsumer: options.singleActiveConsumer ?? false,
  });
}
