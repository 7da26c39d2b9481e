// `trading serve market-data` as a container runs it: configured by the
// environment, probed over HTTP, stopped by SIGTERM.
import { spawn, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describeWithServers, freePort, testServerUrl } from '@trading/test-support';

const root = resolve(__dirname, '..', '..', '..', '..');
const trading = join(root, 'node_modules', '.bin', 'trading');

async function poll<T>(what: string, attempt: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await attempt().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 250));
  }
}

describe('trading serve (configuration)', () => {
  it('stops at boot with every bad setting named, before connecting to anything', () => {
    const result = spawnSync(trading, ['serve', 'market-data'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, AMQP_URL: 'localhost', HTTP_PORT: 'eighty', MARKET_DATA_SPEED: 'max' },
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      'trading: HTTP_PORT: expected an integer from 0 to 65535, got "eighty"; AMQP_URL: expected an amqp:// or amqps:// URL, got "localhost"\n',
    );
  });

  it('names an unreachable database in one line with exit code 1, no stack trace', async () => {
    const closed = await freePort();
    const result = spawnSync(trading, ['serve', 'market-data'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, AMQP_URL: undefined, REDIS_URL: undefined, DATABASE_URL: `postgres://trader:secret@127.0.0.1:${closed}/trading`, HTTP_PORT: String(await freePort()), LOG_LEVEL: 'error' },
    });
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 1, stderr: `trading: DATABASE_URL: cannot connect to 127.0.0.1:${closed} (connection refused)\n` });
  });

  it('stops when the npx that started it is killed, though npm never passes the signal on', async () => {
    const port = await freePort();
    // Its own process group, so the test can clean up whatever is left.
    const npx = spawn('npx', ['trading', 'serve', 'market-data'], {
      cwd: root,
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, AMQP_URL: undefined, DATABASE_URL: undefined, REDIS_URL: undefined, HTTP_PORT: String(port), LOG_LEVEL: 'error', MARKET_DATA_FILES: 'data/GBPUSD_H1.csv.gz', MARKET_DATA_SPEED: '1' },
    });
    let stderr = '';
    npx.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const live = async (): Promise<boolean> => (await fetch(`http://127.0.0.1:${port}/health/live`).catch(() => undefined))?.status === 200;
    try {
      await poll('the served process to be live', async () => ((await live()) ? true : undefined));
      npx.kill('SIGTERM');
      await poll('the served process to stop', async () => ((await live()) ? undefined : true));
      await poll('its shutdown line', async () => (stderr.includes('trading serve market-data: its parent process (npm) exited, shutting down') ? true : undefined), 10_000);
    } finally {
      try {
        process.kill(-(npx.pid as number), 'SIGKILL');
      } catch {
        // the group is gone: nothing was left behind
      }
    }
  }, 120_000);

  it('reports not ready, naming the reason, when its feed fails', async () => {
    const port = await freePort();
    const child = spawn(trading, ['serve', 'market-data'], {
      cwd: root,
      env: {
        ...process.env,
        AMQP_URL: undefined,
        DATABASE_URL: undefined,
        REDIS_URL: undefined,
        HTTP_PORT: String(port),
        LOG_LEVEL: 'error',
        MARKET_DATA_FILES: 'data/NOSUCH_H1.csv.gz',
      },
    });
    const exited = new Promise<number | null>((done) => child.on('exit', done));
    try {
      const failed = await poll('the failed feed on /health/ready', async () => {
        const response = await fetch(`http://127.0.0.1:${port}/health/ready`);
        const body = (await response.json()) as { failed?: { name: string; error: string }[] };
        return response.status === 503 && body.failed?.some((check) => check.name === 'feed') ? body.failed : undefined;
      });
      expect(failed).toEqual([{ name: 'feed', error: expect.stringMatching(/^replay failed: .*NOSUCH_H1\.csv\.gz/) }]);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 60_000);

  it('names the services it knows when asked for another', () => {
    const result = spawnSync(trading, ['serve', 'risk-manager'], { cwd: root, encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toBe('trading: unknown service "risk-manager" (available: market-data, order-execution, risk, strategy-scalping, strategy-intraday, strategy-swing)');
  });
});

describeWithServers(['rabbitmq', 'postgres', 'redis'], 'trading serve market-data', () => {
  it('replays its files to RabbitMQ, is ready, exports its metrics and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const schema = `serve_e2e_${process.pid}_${Date.now().toString(36)}`;
    const child = spawn(trading, ['serve', 'market-data'], {
      cwd: root,
      env: {
        ...process.env,
        AMQP_URL: testServerUrl('rabbitmq'),
        DATABASE_URL: testServerUrl('postgres'),
        REDIS_URL: testServerUrl('redis'),
        DATABASE_SCHEMA: schema,
        HTTP_PORT: String(port),
        MARKET_DATA_FILES: 'data/GBPUSD_H1.csv.gz',
        MARKET_DATA_SPEED: 'max',
        LOG_LEVEL: 'warn',
      },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((done) => child.on('exit', done));
    try {
      const ready = await poll('readiness', async () => {
        const response = await fetch(`http://127.0.0.1:${port}/health/ready`);
        return response.status === 200 ? ((await response.json()) as { checks: { name: string; ok: boolean }[] }) : undefined;
      });
      expect(ready.checks.map((check) => [check.name, check.ok])).toEqual([
        ['started', true],
        ['bus', true],
        ['database', true],
        ['feed', true],
      ]);
      const published = await poll('all bars published', async () => {
        const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
        const match = /market_data_bars_published_total\{symbol="GBPUSD",timeframe="H1",service="market-data"\} (\d+)/.exec(text);
        return match && Number(match[1]) === 3608 ? text : undefined;
      });
      expect(published).toContain('market_data_findings_total{kind="gap",service="market-data"} 2');
      expect(published).toContain('process_cpu_seconds_total');
    } finally {
      child.kill('SIGTERM');
      await exited;
      spawnSync('psql', [testServerUrl('postgres'), '-qc', `DROP SCHEMA IF EXISTS "${schema}" CASCADE`]);
    }
    const code = await exited;
    expect({ code, stderr: code === 0 ? '' : stderr }).toEqual({ code: 0, stderr: '' });
  }, 120_000);
});
