import { DEFAULT_CHROMIUM_PATH, DEFAULT_TEST_SERVER_URLS, chromiumPath, setting, testServerUrl, testServerUrls } from './server-urls';

describe('the servers and browser the tests use', () => {
  it('takes the defaults when no TEST_* variable is set', () => {
    expect(testServerUrls({})).toEqual({
      postgres: 'postgres://postgres@127.0.0.1:5432/test',
      rabbitmq: 'amqp://guest:guest@127.0.0.1:5672',
      redis: 'redis://127.0.0.1:6379',
    });
    expect(chromiumPath({})).toBe('/usr/bin/chromium');
  });

  it('takes each variable that is set', () => {
    const env = { TEST_DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test_b', TEST_AMQP_URL: 'amqp://guest:guest@127.0.0.1:5672/test_b', TEST_REDIS_URL: 'redis://10.0.0.2:6380', CHROMIUM_PATH: '/opt/chromium/chrome' };
    expect(testServerUrls(env)).toEqual({ postgres: env.TEST_DATABASE_URL, rabbitmq: env.TEST_AMQP_URL, redis: env.TEST_REDIS_URL });
    expect(chromiumPath(env)).toBe('/opt/chromium/chrome');
  });

  it('reads a variable set to an empty or blank value as not set', () => {
    for (const empty of ['', ' ', '\t\n']) {
      const env = { TEST_DATABASE_URL: empty, TEST_AMQP_URL: empty, TEST_REDIS_URL: empty, CHROMIUM_PATH: empty };
      expect(testServerUrls(env)).toEqual(DEFAULT_TEST_SERVER_URLS);
      expect(testServerUrl('rabbitmq', env)).toBe('amqp://guest:guest@127.0.0.1:5672');
      expect(chromiumPath(env)).toBe(DEFAULT_CHROMIUM_PATH);
      expect(setting(env, 'TEST_AMQP_URL')).toBeUndefined();
    }
  });
});
