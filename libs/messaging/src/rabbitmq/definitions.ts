// The topology in RabbitMQ's definitions format (the ops import file,
// deploy/rabbitmq/definitions.json), built from the same functions the adapter
// declares with. Users are left out on purpose: the broker's default user comes
// from RABBITMQ_DEFAULT_USER / RABBITMQ_DEFAULT_PASS, and a file with a
// password hash in it would be a secret in the repository.
import { consumerQueueArguments, deadLetterExchangeName, deadLetterQueueArguments, deadLetterQueueName, DEFAULT_EXCHANGE, SERVICE_QUEUES, validateQueueTopology, type QueueTopology } from './topology';

export interface DefinitionsOptions {
  readonly exchange?: string;
  readonly vhost?: string;
  readonly queues?: readonly QueueTopology[];
}

interface ExchangeDefinition {
  readonly name: string;
  readonly vhost: string;
  readonly type: 'topic' | 'direct';
  readonly durable: true;
  readonly auto_delete: false;
  readonly internal: false;
  readonly arguments: Record<string, never>;
}

interface QueueDefinition {
  readonly name: string;
  readonly vhost: string;
  readonly durable: true;
  readonly auto_delete: false;
  readonly arguments: Record<string, string | number | boolean>;
}

interface BindingDefinition {
  readonly source: string;
  readonly vhost: string;
  readonly destination: string;
  readonly destination_type: 'queue';
  readonly routing_key: string;
  readonly arguments: Record<string, never>;
}

export interface RabbitMqDefinitions {
  readonly vhosts: readonly { readonly name: string }[];
  readonly exchanges: readonly ExchangeDefinition[];
  readonly queues: readonly QueueDefinition[];
  readonly bindings: readonly BindingDefinition[];
}

export function rabbitmqDefinitions(options: DefinitionsOptions = {}): RabbitMqDefinitions {
  const exchange = options.exchange ?? DEFAULT_EXCHANGE;
  const vhost = options.vhost ?? '/';
  const queues = options.queues ?? SERVICE_QUEUES;
  const deadLetterExchange = deadLetterExchangeName(exchange);
  const exchangeOf = (name: string, type: 'topic' | 'direct'): ExchangeDefinition => ({
    name,
    vhost,
    type,
    durable: true,
    auto_delete: false,
    internal: false,
    arguments: {},
  });
  const queueOf = (name: string, args: Record<string, string | number | boolean>): QueueDefinition => ({
    name,
    vhost,
    durable: true,
    auto_delete: false,
    arguments: args,
  });
  const bindingOf = (source: string, destination: string, routingKey: string): BindingDefinition => ({
    source,
    vhost,
    destination,
    destination_type: 'queue',
    routing_key: routingKey,
    arguments: {},
  });
  for (const queue of queues) validateQueueTopology(queue);
  return {
    vhosts: [{ name: vhost }],
    exchanges: [exchangeOf(exchange, 'topic'), exchangeOf(deadLetterExchange, 'direct')],
    queues: queues.flatMap((queue) => [
      queueOf(queue.name, consumerQueueArguments(queue, exchange)),
      queueOf(deadLetterQueueName(queue.name), deadLetterQueueArguments(queue)),
    ]),
    bindings: queues.flatMap((queue) => [
      ...queue.bindings.map((binding) => bindingOf(exchange, queue.name, binding)),
      bindingOf(deadLetterExchange, deadLetterQueueName(queue.name), queue.name),
    ]),
  };
}

/** The file's exact text: two-space JSON with a final newline. */
export function rabbitmqDefinitionsJson(options: DefinitionsOptions = {}): string {
  return `${JSON.stringify(rabbitmqDefinitions(options), null, 2)}\n`;
}
