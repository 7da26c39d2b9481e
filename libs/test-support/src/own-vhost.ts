// A RabbitMQ virtual host of a test's own. A `trading run` over RabbitMQ owns
// the chain's durable queues (it empties them at start): two such runs in
// parallel test workers on one vhost would take each other's messages.
import { spawnSync } from 'node:child_process';
import { testServerUrl } from './server-urls';

export interface OwnVhost {
  /** TEST_AMQP_URL's server, on the new vhost. */
  readonly url: string;
  remove(): void;
}

function rabbitmqctl(...args: string[]): void {
  const result = spawnSync('rabbitmqctl', [...args, '-q'], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`rabbitmqctl ${args.join(' ')} failed: ${result.stderr || result.error?.message}`);
}

export function ownVhost(label: string): OwnVhost {
  const vhost = `${label}-${process.pid}-${Date.now().toString(36)}`;
  rabbitmqctl('add_vhost', vhost);
  const url = new URL(testServerUrl('rabbitmq'));
  rabbitmqctl('set_permissions', '-p', vhost, decodeURIComponent(url.username) || 'guest', '.*', '.*', '.*');
  url.pathname = `/${encodeURIComponent(vhost)}`;
  return { url: url.toString(), remove: () => rabbitmqctl('delete_vhost', vhost) };
}
