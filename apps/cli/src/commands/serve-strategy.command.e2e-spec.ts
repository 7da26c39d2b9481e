// `trading serve strategy-intraday` as a container runs it: configured by the
// environment, not ready until warmed up from market-data's HTTP API (saying
// why while it cannot be), probed over HTTP, stopped by SIGTERM.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describeWithServers, freePort, testServerUrl } from '@trading/test-support';

const root = resolve(__dirname, '..', '..', '..', '..');
const trading = join(root, 'node_modules', '.bin', 'trading');

async function poll<T>(what: string, attempt: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await attempt().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 250));
  }
}

interface Readiness {
  readonly status: number;
  readonly body: { checks: { name: string; ok: boolean }[]; failed?: { name: string; error: string }[] };
}

async function readiness(port: number): Promise<Readiness> {
  const response = await fetch(`http://127.0.0.1:${port}/health/ready`);
  return { status: response.status, body: (await response.json()) as Readiness['body'] };
}

function serve(service: string, environment: Record<string, string | undefined>): { child: ChildProcess; exited: Promise<number | null>; stderr: () => string } {
  const child = spawn(trading, ['serve', service], { cwd: root, env: { ...process.env, AMQP_URL: undefined, DATABASE_URL: undefined, REDIS_URL: undefined, LOG_LEVEL: 'error', ...environment } });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return { child, exited: new Promise((done) => child.on('exit', done)), stderr: () => stderr };
}

describe('trading serve strategy-intraday', () => {
  it('stops at boot naming every bad setting, checked against the strategy', () => {
    const result = spawnSync(trading, ['serve', 'strategy-intraday'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, STRATEGY_SYMBOLS: 'EURUSD,eur', STRATEGY_TIMEFRAME: 'D1', MARKET_DATA_URL: 'market-data' },
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      'trading: MARKET_DATA_URL: expected a http:// or https:// URL, got "market-data"; STRATEGY_TIMEFRAME: expected one of M15, M30, H1, got "D1"\n',
    );
  });

  it('is live but not ready while market-data cannot be reached, says why, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const closed = await freePort();
    const { child, exited, stderr } = serve('strategy-intraday', { HTTP_PORT: String(port), MARKET_DATA_URL: `http://127.0.0.1:${closed}`, STRATEGY_SYMBOLS: 'EURUSD' });
    try {
      await poll('/health/live', async () => ((await fetch(`http://127.0.0.1:${port}/health/live`)).status === 200 ? true : undefined));
      const notReady = await poll('a failed warm-up on /health/ready', async () => {
        const answer = await readiness(port);
        return answer.body.failed?.find((check) => check.name === 'warm-up')?.error.startsWith('warm-up failed') ? answer : undefined;
      });
      expect(notReady.status).toBe(503);
      expect(notReady.body.checks.map((check) => [check.name, check.ok])).toEqual([
        ['started', true],
        ['bus', true],
        ['warm-up', false],
      ]);
      expect(notReady.body.failed?.map((check) => check.name)).toEqual(['warm-up']);
      expect(notReady.body.failed?.[0].error).toMatch(
        new RegExp(`^warm-up failed \\(attempt \\d+\\), no signal until it succeeds: cannot reach market-data at http://127\\.0\\.0\\.1:${closed}/bars\\?symbol=EURUSD&tf=H1&from=\\d+&to=\\d+ \\(connection refused\\)$`),
      );
      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(metrics).toContain('strategy_ready{strategy="intraday",service="strategy-intraday"} 0');
      expect(metrics).toMatch(/strategy_warmup_failures_total\{strategy="intraday",service="strategy-intraday"\} [1-9]/);
    } finally {
      child.kill('SIGTERM');
    }
    const code = await exited;
    expect({ code, stderr: code === 0 ? '' : stderr() }).toEqual({ code: 0, stderr: '' });
  }, 120_000);
});

describeWithServers(['postgres'], 'trading serve strategy-intraday with trading serve market-data', () => {
  it('warms up from the bars market-data serves, is ready, exports its metrics', async () => {
    const marketPort = await freePort();
    const strategyPort = await freePort();
    const schema = `serve_strategy_e2e_${process.pid}_${Date.now().toString(36)}`;
    const marketData = serve('market-data', {
      DATABASE_URL: testServerUrl('postgres'),
      DATABASE_SCHEMA: schema,
      HTTP_PORT: String(marketPort),
      MARKET_DATA_FILES: 'data/EURUSD_H1.csv.gz',
      MARKET_DATA_SPEED: 'max',
    });
    let strategy: ReturnType<typeof serve> | undefined;
    try {
      // Its store holds the whole file once the replay is over (the replay follows the ingest).
      await poll('market-data to have replayed its file', async () => {
        const text = await (await fetch(`http://127.0.0.1:${marketPort}/metrics`)).text();
        return /market_data_bars_published_total\{symbol="EURUSD",timeframe="H1",service="market-data"\} 3608/.test(text) ? true : undefined;
      });
      strategy = serve('strategy-intraday', {
        HTTP_PORT: String(strategyPort),
        MARKET_DATA_URL: `http://127.0.0.1:${marketPort}`,
        STRATEGY_SYMBOLS: 'EURUSD',
        // The shipped file ends in January 2026: one window this long reaches it from any date before 2031.
        STRATEGY_WARMUP_BARS: '50000',
      });
      const ready = await poll('the strategy to be ready', async () => {
        const answer = await readiness(strategyPort);
        return answer.status === 200 ? answer : undefined;
      });
      expect(ready.body.checks.map((check) => [check.name, check.ok])).toEqual([
        ['started', true],
        ['bus', true],
        ['warm-up', true],
      ]);
      const metrics = await (await fetch(`http://127.0.0.1:${strategyPort}/metrics`)).text();
      expect(metrics).toContain('strategy_ready{strategy="intraday",service="strategy-intraday"} 1');
      // Every bar of the file.
      expect(metrics).toContain('strategy_warmup_bars{strategy="intraday",symbol="EURUSD",service="strategy-intraday"} 3608');
    } finally {
      strategy?.child.kill('SIGTERM');
      marketData.child.kill('SIGTERM');
      await Promise.all([strategy?.exited, marketData.exited]);
      spawnSync('psql', [testServerUrl('postgres'), '-qc', `DROP SCHEMA IF EXISTS "${schema}" CASCADE`]);
    }
    const code = await strategy?.exited;
    expect({ code, stderr: code === 0 ? '' : strategy?.stderr() }).toEqual({ code: 0, stderr: '' });
    expect(await marketData.exited).toBe(0);
  }, 180_000);
});
