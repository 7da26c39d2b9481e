import { testServerUrl } from '@trading/test-support';
import { missingPrerequisites } from './server-probe';

describe('the Jest global setup probe', () => {
  it('probes the very URLs the specs connect to, an empty TEST_* variable meaning the default for both', async () => {
    const env = { TEST_DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test_b', TEST_AMQP_URL: '', TEST_REDIS_URL: ' ', CHROMIUM_PATH: process.execPath };
    const probed: string[] = [];
    const down = await missingPrerequisites(env, async (url) => {
      probed.push(url);
      return true;
    });
    expect(probed).toEqual([testServerUrl('postgres', env), testServerUrl('rabbitmq', env), testServerUrl('redis', env)]);
    expect(probed).toEqual(['postgres://postgres@127.0.0.1:5432/test_b', 'amqp://guest:guest@127.0.0.1:5672', 'redis://127.0.0.1:6379']);
    expect(down).toEqual([]);
  });

  it('names what is missing, the password masked, and where Chromium was looked for', async () => {
    const env = { TEST_AMQP_URL: 'amqp://trader:secret@mq.internal:5673/test_b', CHROMIUM_PATH: '/nonexistent/chromium' };
    const down = await missingPrerequisites(env, async (url) => !url.startsWith('amqp:'));
    expect(down).toEqual(['rabbitmq (amqp://trader:***@mq.internal:5673/test_b)', 'chromium (no executable at /nonexistent/chromium: apt-get install chromium, or set CHROMIUM_PATH)']);
  });
});
