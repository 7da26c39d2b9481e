import { describeWithServers, testServerUrl } from '@trading/test-support';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..', '..', '..', '..', '..');
const trading = join(root, 'node_modules', '.bin', 'trading');

function bench(args: readonly string[], env: NodeJS.ProcessEnv = {}): ReturnType<typeof spawnSync> & { stdout: string; stderr: string } {
  const environment: NodeJS.ProcessEnv = { ...process.env, ...env };
  if (!('DATABASE_URL' in env)) delete environment['DATABASE_URL'];
  return spawnSync(trading, ['bench', 'bus-batch', ...args], { cwd: root, encoding: 'utf8', env: environment, timeout: 120_000 });
}

describe('trading bench bus-batch', () => {
  it('stops with one line and exit code 2 when Postgres is asked for without a URL, or a flag is out of range', () => {
    const noUrl = bench(['--messages', '10']);
    expect(noUrl.status).toBe(2);
    expect(noUrl.stderr.trim()).toBe('trading: DATABASE_URL: required with --database postgres (or pass --url)');
    const badBatch = bench(['--max-batch', '0', '--database', 'embedded']);
    expect(badBatch.status).toBe(2);
    expect(badBatch.stderr.trim()).toBe('trading: --max-batch: expected a whole number >= 1, got "0"');
    const badBus = bench(['--bus', 'kafka']);
    expect(badBus.status).toBe(2);
    expect(badBus.stderr.trim()).toBe('trading: --bus: expected in-process or rabbitmq, got "kafka"');
  });
});

describeWithServers(['postgres'], 'trading bench bus-batch on Postgres', () => {
  it('drains the same messages with batches of 1 and in batches of at most --max-batch, every one committed to the inbox', () => {
    const result = bench(['--bus', 'in-process', '--messages', '60', '--max-batch', '16', '--json'], { DATABASE_URL: testServerUrl('postgres') });
    expect(result.stderr).not.toContain('Error');
    expect(result.status).toBe(0);
    const figures = JSON.parse(result.stdout) as {
      messages: number;
      maxBatch: number;
      single: { batches: number; largestBatch: number; messagesPerSecond: number };
      batched: { batches: number; largestBatch: number; meanBatch: number; messagesPerSecond: number };
      speedup: number;
    };
    expect(figures.messages).toBe(60);
    expect(figures.single).toMatchObject({ batches: 60, largestBatch: 1 });
    // The queue was filled before the consumer started: every batch but the last is full.
    expect(figures.batched).toMatchObject({ batches: 4, largestBatch: 16, meanBatch: 15 });
    expect(figures.single.messagesPerSecond).toBeGreaterThan(0);
    expect(figures.speedup).toBeGreaterThan(0);
  });
});
