// Gates integration tests on the servers the Jest global setup found reachable.
// Under CI an unreachable server already failed the run in the global setup, so
// skipping here only ever happens on a developer machine, announced loudly.
export type TestServer = 'postgres' | 'rabbitmq' | 'redis';

export function testServerUrl(server: TestServer): string {
  switch (server) {
    case 'postgres':
      return process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
    case 'rabbitmq':
      return process.env['TEST_AMQP_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672';
    case 'redis':
      return process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
  }
}

export function serverIsDown(server: TestServer): boolean {
  return (process.env['TRADING_TEST_SERVERS_DOWN'] ?? '').split(',').includes(server);
}

/** `describe` that runs only when every named server was reachable. */
export function describeWithServers(servers: readonly TestServer[], name: string, body: () => void): void {
  const down = servers.filter(serverIsDown);
  if (down.length > 0 && !process.env['CI']) {
    // Reason: the global setup printed which server is unreachable.
    describe.skip(`${name} [needs ${down.join(', ')}]`, body);
    return;
  }
  describe(name, body);
}
