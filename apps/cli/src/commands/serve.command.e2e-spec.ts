// `trading serve market-data` as a container runs it: configured by the
// environment, probed over HTTP, stopped by SIGTERM.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describeWithServers, freePort, readDataText, sharedData, testServerUrl } from '@trading/test-support';

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

  it('refuses an unknown mode, and live mode with nothing to follow, in one line naming the variable', () => {
    const run = (env: Record<string, string>) => spawnSync(trading, ['serve', 'market-data'], { cwd: root, encoding: 'utf8', env: { ...process.env, ...env } });
    const unknown = run({ MARKET_DATA_MODE: 'stream' });
    expect([unknown.status, unknown.stderr]).toEqual([2, 'trading: MARKET_DATA_MODE: expected one of replay, live, got "stream"\n']);
    const empty = run({ MARKET_DATA_MODE: 'live', MARKET_DATA_FILES: '' });
    expect([empty.status, empty.stderr]).toEqual([
      2,
      'trading: MARKET_DATA_MODE: live mode has nothing to follow: set MARKET_DATA_LIVE_SERIES (polled from MARKET_DATA_SOURCES) or MARKET_DATA_FILES (files that grow)\n',
    ]);
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
    // Its own name, so its Redis keys (trading:{service}:…) are its own on a shared server.
    const service = schema.replace(/_/g, '-');
    const child = spawn(trading, ['serve', 'market-data'], {
      cwd: root,
      env: {
        ...process.env,
        AMQP_URL: testServerUrl('rabbitmq'),
        DATABASE_URL: testServerUrl('postgres'),
        REDIS_URL: testServerUrl('redis'),
        DATABASE_SCHEMA: schema,
        SERVICE_NAME: service,
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
        const match = new RegExp(`market_data_bars_published_total\\{symbol="GBPUSD",timeframe="H1",service="${service}"\\} (\\d+)`).exec(text);
        return match && Number(match[1]) === 3608 ? text : undefined;
      });
      expect(published).toContain(`market_data_findings_total{kind="gap",service="${service}"} 2`);
      expect(published).toContain(`market_data_quotes_published_total{symbol="GBPUSD",service="${service}"} 3608`);
      expect(published).toContain('process_cpu_seconds_total');
      // The latest quote is the one at the close of the last bar of the file.
      const last = readDataText(sharedData.fxH1_2025('GBPUSD')).trim().split('\n').pop()?.split('\t') ?? [];
      const [y, m, d] = last[0].split('.').map(Number);
      const close = Date.UTC(y, m - 1, d, Number(last[1].slice(0, 2))) + 3_600_000;
      const quote = await poll('the latest quote', async () => {
        const response = await fetch(`http://127.0.0.1:${port}/quotes/GBPUSD`);
        return response.status === 200 ? await response.json() : undefined;
      });
      expect(quote).toEqual({ symbol: 'GBPUSD', time: close, bid: Number(last[5]), ask: Number(last[5]) + Number(last[8]) * 1e-5 });
      const unknown = await fetch(`http://127.0.0.1:${port}/quotes/USDJPY`);
      expect([unknown.status, await unknown.json()]).toEqual([404, { error: 'no quote for USDJPY: none has been published, or the last one is older than its TTL' }]);
      const malformed = await fetch(`http://127.0.0.1:${port}/quotes/gbpusd`);
      expect([malformed.status, await malformed.json()]).toEqual([400, { error: 'symbol must be six capital letters such as EURUSD, got "gbpusd"', field: 'symbol' }]);
    } finally {
      child.kill('SIGTERM');
      await exited;
      spawnSync('psql', [testServerUrl('postgres'), '-qc', `DROP SCHEMA IF EXISTS "${schema}" CASCADE`]);
    }
    const code = await exited;
    expect({ code, stderr: code === 0 ? '' : stderr }).toEqual({ code: 0, stderr: '' });
  }, 120_000);
});

describeWithServers(['rabbitmq', 'postgres', 'redis'], 'trading serve market-data in live mode', () => {
  const MINUTE = 60_000;
  // Real EURUSD prices (2025-07-16 H1, with their spreads) restamped as the M1 bars that closed in the last ten minutes.
  const prices = readDataText(sharedData.fxH1_2025('EURUSD'))
    .split('\n')
    .filter((line) => line.startsWith('2025.07.16\t'))
    .map((line) => line.trim().split('\t').slice(2));
  const stamp = (time: number): string => {
    const iso = new Date(time).toISOString();
    return `${iso.slice(0, 10).replace(/-/g, '.')}\t${iso.slice(11, 19)}`;
  };

  it('follows a growing file: publishes each closed bar once, keeps its quote, and after a restart publishes nothing twice', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'trading-serve-live-'));
    const file = join(folder, 'EURUSD_M1.csv');
    const firstBar = Math.floor(Date.now() / MINUTE) * MINUTE - 10 * MINUTE;
    const line = (k: number): string => `${stamp(firstBar + k * MINUTE)}\t${prices[k].join('\t')}\n`;
    writeFileSync(file, '<DATE>\t<TIME>\t<OPEN>\t<HIGH>\t<LOW>\t<CLOSE>\t<TICKVOL>\t<VOL>\t<SPREAD>\n');
    for (let k = 0; k < 5; k++) appendFileSync(file, line(k));
    const schema = `serve_live_${process.pid}_${Date.now().toString(36)}`;
    const start = async (): Promise<{ child: ChildProcess; port: number; exited: Promise<number | null>; stderr: () => string }> => {
      const port = await freePort();
      const child = spawn(trading, ['serve', 'market-data'], {
        cwd: root,
        env: {
          ...process.env,
          AMQP_URL: testServerUrl('rabbitmq'),
          DATABASE_URL: testServerUrl('postgres'),
          REDIS_URL: testServerUrl('redis'),
          DATABASE_SCHEMA: schema,
          SERVICE_NAME: schema.replace(/_/g, '-'),
          HTTP_PORT: String(port),
          MARKET_DATA_MODE: 'live',
          MARKET_DATA_FILES: file,
          MARKET_DATA_LIVE_RETRY: '1s',
          MARKET_DATA_LIVE_DELAY: '0s',
          LOG_LEVEL: 'warn',
        },
      });
      let stderr = '';
      child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      return { child, port, exited: new Promise((done) => child.on('exit', done)), stderr: () => stderr };
    };
    const metric = async (port: number, pattern: RegExp): Promise<number | undefined> => {
      const match = pattern.exec(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text());
      return match ? Number(match[1]) : undefined;
    };
    const barsPublished = /market_data_bars_published_total\{symbol="EURUSD",timeframe="M1",service="[^"]+"\} (\d+)/;
    const quoteOf = (k: number) => ({ symbol: 'EURUSD', time: firstBar + (k + 1) * MINUTE, bid: Number(prices[k][3]), ask: Number(prices[k][3]) + Number(prices[k][6]) * 1e-5 });
    const latestQuote = async (port: number, k: number) =>
      poll(`the quote of bar ${k}`, async () => {
        const response = await fetch(`http://127.0.0.1:${port}/quotes/EURUSD`);
        const body = response.status === 200 ? await response.json() : undefined;
        return body !== undefined && (body as { time: number }).time === quoteOf(k).time ? body : undefined;
      });
    let first = await start();
    try {
      // The first poll publishes the newest closed bar in the file (4); the others are history.
      expect(await latestQuote(first.port, 4)).toEqual(quoteOf(4));
      expect(await metric(first.port, barsPublished)).toBe(1);
      // Bars 5..9 closed minutes ago: appended, they are published on the next poll, a second later.
      for (let k = 5; k < 10; k++) appendFileSync(file, line(k));
      expect(await latestQuote(first.port, 9)).toEqual(quoteOf(9));
      expect(await metric(first.port, barsPublished)).toBe(6);
      first.child.kill('SIGTERM');
      expect(await first.exited).toBe(0);

      // A restart reads its cursor: nothing is published again.
      first = await start();
      const polls = /market_data_live_polls_total\{symbol="EURUSD",timeframe="M1",outcome="no-new-bars",service="[^"]+"\} (\d+)/;
      await poll('a poll after the restart', async () => ((await metric(first.port, polls)) ? true : undefined));
      expect(await metric(first.port, barsPublished)).toBeUndefined();
      const counts = spawnSync('psql', [testServerUrl('postgres'), '-Atc', `SELECT count(*) FROM "${schema}".outbox WHERE topic LIKE 'market.%'; SELECT last_bar_time FROM "${schema}".live_bar_cursors`], { encoding: 'utf8' });
      expect(counts.stdout.trim().split('\n')).toEqual(['12', String(firstBar + 9 * MINUTE)]);
    } finally {
      first.child.kill('SIGTERM');
      const code = await first.exited;
      spawnSync('psql', [testServerUrl('postgres'), '-qc', `DROP SCHEMA IF EXISTS "${schema}" CASCADE`]);
      rmSync(folder, { recursive: true, force: true });
      expect({ code, stderr: code === 0 ? '' : first.stderr() }).toEqual({ code: 0, stderr: '' });
    }
  }, 120_000);
});
