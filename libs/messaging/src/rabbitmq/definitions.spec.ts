import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { rabbitmqDefinitions, rabbitmqDefinitionsJson } from './definitions';
import type { QueueTopology } from './topology';

describe('RabbitMQ definitions', () => {
  it('matches the committed deploy/rabbitmq/definitions.json (regenerate with tools/rabbitmq/write-definitions.ts)', () => {
    const committed = readFileSync(resolve(__dirname, '..', '..', '..', '..', 'deploy', 'rabbitmq', 'definitions.json'), 'utf8');
    expect(committed).toBe(rabbitmqDefinitionsJson());
  });

  it('declares a queue, its dead-letter queue and their bindings from one topology entry', () => {
    const risk: QueueTopology = { name: 'risk.signals', bindings: ['signal.*.*'], queueType: 'quorum', maxDeliveries: 4, singleActiveConsumer: true };
    const definitions = rabbitmqDefinitions({ exchange: 'fx', vhost: 'prod', queues: [risk] });
    expect(definitions.exchanges.map((exchange) => [exchange.name, exchange.type])).toEqual([
      ['fx', 'topic'],
      ['fx.dlx', 'direct'],
    ]);
    expect(definitions.queues).toEqual([
      {
        name: 'risk.signals',
        vhost: 'prod',
        durable: true,
        auto_delete: false,
        arguments: {
          'x-queue-type': 'quorum',
          'x-dead-letter-exchange': 'fx.dlx',
          'x-dead-letter-routing-key': 'risk.signals',
          'x-delivery-limit': 4,
          'x-single-active-consumer': true,
        },
      },
      { name: 'risk.signals.dlq', vhost: 'prod', durable: true, auto_delete: false, arguments: { 'x-queue-type': 'quorum' } },
    ]);
    expect(definitions.bindings.map((binding) => [binding.source, binding.destination, binding.routing_key])).toEqual([
      ['fx', 'risk.signals', 'signal.*.*'],
      ['fx.dlx', 'risk.signals.dlq', 'risk.signals'],
    ]);
  });

  it('refuses to describe an invalid queue', () => {
    const bad: QueueTopology = { name: 'x', bindings: ['a..b'], queueType: 'quorum', maxDeliveries: 5, singleActiveConsumer: false };
    expect(() => rabbitmqDefinitions({ queues: [bad] })).toThrow('binding "a..b"');
  });
});
