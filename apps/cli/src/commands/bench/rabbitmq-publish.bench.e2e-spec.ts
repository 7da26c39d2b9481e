import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..', '..', '..', '..', '..');
const trading = join(root, 'node_modules', '.bin', 'trading');

describe('trading bench rabbitmq-publish', () => {
  it('keeps the password of AMQP_URL out of its help text', () => {
    const result = spawnSync(trading, ['bench', 'rabbitmq-publish', '--help'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, AMQP_URL: 'amqp://trader:s3cret-pw@broker.internal:5672' },
    });
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('--url <amqp-url>');
    expect(result.stderr).toContain('default: AMQP_URL');
    expect(result.stderr + result.stdout).not.toContain('s3cret-pw');
  });
});
