// `trading run` as a user runs it: a whole process, embedded (no servers), then
// distributed over the real RabbitMQ, Postgres and Redis.
import { spawn, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describeWithServers, testServerUrl } from '@trading/test-support';

const root = resolve(__dirname, '..', '..', '..', '..');
const trading = join(root, 'node_modules', '.bin', 'trading');
const m5Sample = join(root, 'data', 'EURUSD_M5_2021-06_2022-02.csv.gz');
const gbpSample = join(root, 'data', 'GBPUSD_H1.csv.gz');

interface RunJson {
  infrastructure: { bus: string; database: string; cache: string };
  symbols: Record<string, { read: number; rejected: number; published: number; consumed: number; findings: number; stored: number }>;
  findings: Record<string, number>;
  outOfOrder: number;
  aborted: boolean;
}

const serverEnvironment = {
  AMQP_URL: undefined,
  DATABASE_URL: undefined,
  REDIS_URL: undefined,
  DATABASE_SCHEMA: undefined,
};

function runJson(env: Record<string, string | undefined>, ...args: string[]): { status: number | null; summary: RunJson; stderr: string } {
  const result = spawnSync(trading, ['run', '--until-end', '--json', ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 180_000,
    env: { ...process.env, ...serverEnvironment, ...env },
  });
  if (result.status !== 0) throw new Error(`trading run exited ${result.status}: ${result.stderr}`);
  return { status: result.status, summary: JSON.parse(result.stdout) as RunJson, stderr: result.stderr };
}

// What the real files hold: the M5 file repeats 198 rows (13 of them also step back in time).
function expectSampleFlow(summary: RunJson): void {
  expect(summary.symbols['EURUSD']).toEqual({ read: 50_000, rejected: 198, published: 49_802, consumed: 49_802, findings: expect.any(Number), stored: 49_802 });
  expect(summary.symbols['GBPUSD']).toMatchObject({ read: 3608, rejected: 0, published: 3608, consumed: 3608, stored: 3608 });
  expect(summary.findings).toMatchObject({ duplicate: 198, backwards: 13, ohlc: 0, nonfinite: 0 });
  // Every finding was announced on market.data-quality and counted by the consumer.
  expect(summary.symbols['EURUSD'].findings).toBeGreaterThanOrEqual(211);
  expect(summary.outOfOrder).toBe(0);
  expect(summary.aborted).toBe(false);
}

describe('trading run (embedded)', () => {
  it('replays the vendored files through the in-process bus: every valid bar consumed once, in order', () => {
    const { summary } = runJson({}, '--data', m5Sample, gbpSample);
    expect(summary.infrastructure).toEqual({ bus: 'in-process', database: 'embedded', cache: 'memory' });
    expectSampleFlow(summary);
  }, 180_000);

  it('refuses a bad speed with one line naming the flag', () => {
    const result = spawnSync(trading, ['run', '--until-end', '--speed', 'fast'], { cwd: root, encoding: 'utf8', env: { ...process.env, ...serverEnvironment } });
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toBe('trading: --speed: speed must be "max" or a positive number (market seconds per real second), got "fast"');
    expect(result.stdout).toBe('');
  });

  it('without --until-end, prints the summary when the replay ends and keeps running until interrupted', async () => {
    const child = spawn(trading, ['run', '--data', gbpSample], { cwd: root, env: { ...process.env, ...serverEnvironment } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const finished = new Promise<void>((resolve) =>
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes('replay finished; the system keeps running')) resolve();
      }),
    );
    await finished;
    expect(stdout).toMatch(/^GBPUSD\s+3608\s+0\s+3608\s+3608\s+2$/m);
    // Still running: it answers a signal, not the end of its input.
    expect(child.exitCode).toBeNull();
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
  }, 60_000);

  it('stops on SIGINT while running, drains and still prints its summary', async () => {
    const child = spawn(trading, ['run', '--json', '--speed', '3600', '--data', gbpSample], { cwd: root, env: { ...process.env, ...serverEnvironment } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // At 3600x the 3,608 hourly bars take an hour of real time: interrupt once they flow.
    await new Promise((resolve) => setTimeout(resolve, 12_000));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect({ code, stderr: code === 0 ? '' : stderr }).toEqual({ code: 0, stderr: '' });
    const summary = JSON.parse(stdout) as RunJson;
    expect(summary.aborted).toBe(true);
    const gbp = summary.symbols['GBPUSD'];
    expect(gbp.published).toBeLessThan(3608);
    expect(gbp.consumed).toBe(gbp.published);
  }, 60_000);
});

describeWithServers(['rabbitmq', 'postgres', 'redis'], 'trading run (distributed)', () => {
  it('replays through RabbitMQ into Postgres and Redis: every valid bar arrives exactly once, in order per symbol', () => {
    const schema = `run_e2e_${process.pid}_${Date.now().toString(36)}`;
    const { summary } = runJson(
      { AMQP_URL: testServerUrl('rabbitmq'), DATABASE_URL: testServerUrl('postgres'), REDIS_URL: testServerUrl('redis'), DATABASE_SCHEMA: schema },
      '--data',
      m5Sample,
      gbpSample,
    );
    try {
      expect(summary.infrastructure).toEqual({ bus: 'rabbitmq', database: 'postgres', cache: 'redis' });
      expectSampleFlow(summary);
    } finally {
      spawnSync('psql', [testServerUrl('postgres'), '-qc', `DROP SCHEMA IF EXISTS "${schema}" CASCADE`]);
    }
  }, 180_000);
});
