// Helpers for the RabbitMQ integration tests: a unique exchange per test run
// (tests share one broker with other engineers' runs), cleanup of everything a
// run declared, and a broker-side connection kill.
import type { RoutePattern, Topic } from '@trading/contracts';
import { testServerUrl } from '@trading/test-support';
import { connect } from 'amqplib';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { RabbitMqBus, type RabbitMqBusOptions } from './rabbitmq-bus.adapter';
import { deadLetterExchangeName, deadLetterQueueName } from './topology';

export function uniqueRunName(label: string): string {
  return `t-${label}-${process.pid}-${process.hrtime.bigint().toString(36)}`;
}

export const topic = (key: string): Topic => key as Topic;
export const pattern = (key: string): RoutePattern => key as RoutePattern;

export function connectTestBus(exchange: string, overrides: Partial<RabbitMqBusOptions> = {}): Promise<RabbitMqBus> {
  return RabbitMqBus.connect({
    url: testServerUrl('rabbitmq'),
    exchange,
    connectionName: exchange,
    reconnect: { initialDelayMs: 50, maxDelayMs: 1000 },
    logger: { warn: () => undefined },
    ...overrides,
  });
}

/** Deletes the exchanges of a run and the given consumer queues with their dead-letter queues. */
export async function deleteTopology(exchange: string, queues: readonly string[]): Promise<void> {
  const connection = await connect(testServerUrl('rabbitmq'));
  try {
    const channel = await connection.createChannel();
    for (const queue of queues) {
      await channel.deleteQueue(queue);
      await channel.deleteQueue(deadLetterQueueName(queue));
    }
    await channel.deleteExchange(exchange);
    await channel.deleteExchange(deadLetterExchangeName(exchange));
    await channel.close();
  } finally {
    await connection.close();
  }
}

/** Polls `probe` until it returns true, failing after `timeoutMs`. */
export async function eventually(probe: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = process.hrtime.bigint() + BigInt(timeoutMs) * 1_000_000n;
  while (!(await probe())) {
    if (process.hrtime.bigint() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const run = promisify(execFile);

/**
 * Closes, from the broker's side, every connection whose client-provided name
 * is `connectionName` (rabbitmqctl close_connection: what an operator or a
 * broker restart does to a client). Returns how many it closed.
 */
export async function forceCloseConnections(connectionName: string): Promise<number> {
  const { stdout } = await run('rabbitmqctl', ['list_connections', 'pid', 'client_properties', '-q', '--no-table-headers']);
  const pids = stdout
    .split('\n')
    .filter((line) => line.includes(`{"connection_name","${connectionName}"}`))
    .map((line) => line.split('\t')[0]);
  for (const pid of pids) await run('rabbitmqctl', ['close_connection', pid, 'forced by the reconnection test', '-q']);
  return pids.length;
}
