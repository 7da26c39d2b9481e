// Where the servers and the browser the tests need are, from the TEST_* and
// CHROMIUM_PATH variables. The Jest global setup (which probes them) and the
// specs (which connect to them) both read them here: when the two read a
// variable differently, the setup probes one server and the tests use another.
// A variable set to an empty or blank value counts as not set, as a shell
// `TEST_AMQP_URL= npx jest` or a CI file's `TEST_AMQP_URL: ""` means it.

export type TestServer = 'postgres' | 'rabbitmq' | 'redis';

export const TEST_SERVERS: readonly TestServer[] = ['postgres', 'rabbitmq', 'redis'];

export const TEST_SERVER_VARIABLES: Readonly<Record<TestServer, string>> = {
  postgres: 'TEST_DATABASE_URL',
  rabbitmq: 'TEST_AMQP_URL',
  redis: 'TEST_REDIS_URL',
};

export const DEFAULT_TEST_SERVER_URLS: Readonly<Record<TestServer, string>> = {
  postgres: 'postgres://postgres@127.0.0.1:5432/test',
  rabbitmq: 'amqp://guest:guest@127.0.0.1:5672',
  redis: 'redis://127.0.0.1:6379',
};

export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

type Environment = Readonly<Record<string, string | undefined>>;

/** The variable's value, or undefined when it is unset, empty or blank. */
export function setting(env: Environment, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value;
}

export function testServerUrl(server: TestServer, env: Environment = process.env): string {
  return setting(env, TEST_SERVER_VARIABLES[server]) ?? DEFAULT_TEST_SERVER_URLS[server];
}

export function testServerUrls(env: Environment = process.env): Record<TestServer, string> {
  return { postgres: testServerUrl('postgres', env), rabbitmq: testServerUrl('rabbitmq', env), redis: testServerUrl('redis', env) };
}

/** The Chromium the page tests drive: Debian's package, or CHROMIUM_PATH. */
export function chromiumPath(env: Environment = process.env): string {
  return setting(env, 'CHROMIUM_PATH') ?? DEFAULT_CHROMIUM_PATH;
}
