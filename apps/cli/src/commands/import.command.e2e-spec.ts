// `trading import` into a real Postgres: validated rows only, re-import idempotent.
import { spawn, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { Redis } from 'ioredis';
import { describeWithServers, sharedData, testServerUrl } from '@trading/test-support';

const root = resolve(__dirname, '..', '..', '..', '..');
const trading = join(root, 'node_modules', '.bin', 'trading');

describeWithServers(['postgres'], 'trading import', () => {
  const schema = `import_e2e_${process.pid}_${Date.now().toString(36)}`;
  const env = { ...process.env, DATABASE_URL: testServerUrl('postgres'), DATABASE_SCHEMA: schema };
  const psql = (sql: string): string => spawnSync('psql', [testServerUrl('postgres'), '-Atqc', sql], { encoding: 'utf8' }).stdout.trim();

  afterAll(() => {
    psql(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  });

  it('stores the 49,802 valid M5 bars, drops the 198 repeats, and is idempotent on re-import', () => {
    for (let attempt = 0; attempt < 2; attempt++) {
      const result = spawnSync(trading, ['import', sharedData.eurusdM5(), '--json', '--batch', '7000'], { cwd: root, encoding: 'utf8', env, timeout: 120_000 });
      expect(result.status).toBe(0);
      const summary = JSON.parse(result.stdout) as Record<string, unknown>;
      expect(summary).toMatchObject({ symbol: 'EURUSD', timeframe: 'M5', database: 'postgres', read: 50_000, dropped: 198, rejected: 0, stored: 49_802 });
    }
    expect(psql(`SELECT count(*) FROM "${schema}".ohlcv_bars WHERE symbol = 'EURUSD' AND timeframe = 'M5'`)).toBe('49802');
    // The first bar of the file, 2021-06-24 16:05 (UTC, no --tz shift), with its real prices.
    expect(psql(`SELECT time, open, close FROM "${schema}".ohlcv_bars ORDER BY time LIMIT 1`)).toBe(`${Date.UTC(2021, 5, 24, 16, 5)}|1.19328|1.19332`);
  }, 180_000);

  it('names the bad flag', () => {
    const result = spawnSync(trading, ['import', sharedData.eurusdM5(), '--batch', 'lots'], { cwd: root, encoding: 'utf8', env });
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toBe('trading: --batch: expected a whole number >= 1, got "lots"');
  });

  it('names a bad --tf or --tz before reading the file', () => {
    const badTf = spawnSync(trading, ['import', sharedData.eurusdM5(), '--tf', 'H2'], { cwd: root, encoding: 'utf8', env });
    expect(badTf.status).toBe(2);
    expect(badTf.stderr.trim()).toBe('trading: --tf: unknown timeframe "H2" (expected one of M1, M5, M15, M30, H1, H4, D1)');
    const badTz = spawnSync(trading, ['import', sharedData.eurusdM5(), '--tz', 'Mars/Olympus'], { cwd: root, encoding: 'utf8', env });
    expect(badTz.status).toBe(2);
    expect(badTz.stderr.trim()).toMatch(/^trading: --tz: unknown time zone "Mars\/Olympus"/);
  });

  it('names a malformed DATABASE_URL in one line, without a stack trace', () => {
    const result = spawnSync(trading, ['import', sharedData.eurusdM5()], { cwd: root, encoding: 'utf8', env: { ...env, DATABASE_URL: 'not a url' } });
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 2, stderr: 'trading: DATABASE_URL: expected a postgres:// or postgresql:// URL, got "not a url"\n' });
  });

  it('stores a file in one transaction: interrupted, it leaves nothing behind, and a rerun stores it whole', async () => {
    const count = (): string => psql(`SELECT count(*) FROM "${schema}".ohlcv_bars WHERE symbol = 'EURUSD' AND timeframe = 'M1'`);
    // Small batches, so the import is still writing when the signal comes.
    const child = spawn(trading, ['import', sharedData.eurusdM1(), '--batch', '50'], { cwd: root, env });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let exitCode: number | null | undefined;
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve((exitCode = code))));
    // The import's transaction holds a row-exclusive lock on the bars table from its first upsert to its end:
    // once Postgres shows it, bars are being written.
    const writing = (): boolean =>
      psql(
        `SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = '${schema}' AND c.relname = 'ohlcv_bars' AND l.mode = 'RowExclusiveLock' AND l.granted`,
      ) !== '0';
    while (!writing()) {
      if (exitCode !== undefined) throw new Error(`trading import exited ${exitCode} before it wrote: ${stderr}`);
      await new Promise((resolve) => setImmediate(resolve));
    }
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    // It stops between two batches: after the first one at least, and before the last.
    const stopped = /: SIGINT after (\d+) of 49993 bars; rolled back, nothing of this file was stored \(run the import again to resume\)\n$/;
    expect(stderr).toMatch(stopped);
    const written = Number(stopped.exec(stderr)?.[1]);
    expect(written % 50).toBe(0);
    expect(written).toBeGreaterThanOrEqual(50);
    expect(written).toBeLessThan(49993);
    expect(count()).toBe('0');
    const rerun = spawnSync(trading, ['import', sharedData.eurusdM1(), '--json'], { cwd: root, encoding: 'utf8', env, timeout: 120_000 });
    expect(rerun.status).toBe(0);
    expect(count()).toBe('49993');
  }, 180_000);
});

describeWithServers(['postgres', 'redis'], 'trading import with the served cache in Redis', () => {
  it('clears the served market-data\'s cached windows of the imported series in Redis, and no others', async () => {
    const service = `import-e2e-${process.pid}`;
    const schema = `import_cache_e2e_${process.pid}_${Date.now().toString(36)}`;
    const redis = new Redis(testServerUrl('redis'));
    const stale = `trading:${service}:bars:EURUSD:M5:0:1`;
    const other = `trading:${service}:bars:EURUSD:H1:0:1`;
    try {
      await redis.set(stale, 'old', 'PX', 60_000);
      await redis.set(other, 'kept', 'PX', 60_000);
      const result = spawnSync(trading, ['import', sharedData.eurusdM5(), '--json'], {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, DATABASE_URL: testServerUrl('postgres'), DATABASE_SCHEMA: schema, REDIS_URL: testServerUrl('redis'), SERVICE_NAME: service },
        timeout: 120_000,
      });
      expect(result.status).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ cacheCleared: true, stored: 49_802 });
      expect(await redis.exists(stale)).toBe(0);
      expect(await redis.get(other)).toBe('kept');
    } finally {
      await redis.del(stale, other);
      redis.disconnect();
      spawnSync('psql', [testServerUrl('postgres'), '-qc', `DROP SCHEMA IF EXISTS "${schema}" CASCADE`]);
    }
  }, 180_000);

});
