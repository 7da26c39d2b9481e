// `trading serve risk` warmed up from the real market-data service (its bars
// route over Postgres, fed the real EURUSD H1 2025 file): the first start reads
// the 501 closed bars before it over HTTP, journals them, and says so in its
// metrics and readiness; a second start replays them and reads nothing.
import { spawnSync } from 'node:child_process';
import { ManualClock } from '@trading/domain';
import { serveMarketDataOnFile, type MarketDataOnFile } from '@trading/market-data-service/testing';
import { openInfrastructure } from '@trading/runtime';
import { describeWithServers, freePort, readSharedBars, sharedData, testServerUrl } from '@trading/test-support';
import { serveRisk } from '../serve/serve-risk';

const HOUR = 3_600_000;

describeWithServers(['postgres'], 'trading serve risk warmed up from the market-data HTTP API', () => {
  const file = sharedData.fxH1_2025('EURUSD');
  const bars = readSharedBars(file, 'EURUSD', 'H1');
  const stamp = `${process.pid}_${Date.now().toString(36)}`;
  const marketDataSchema = `risk_warmup_md_${stamp}`;
  const riskSchema = `risk_warmup_${stamp}`;
  let marketData: MarketDataOnFile;

  beforeAll(async () => {
    marketData = await serveMarketDataOnFile(file, marketDataSchema);
  }, 180_000);

  afterAll(async () => {
    await marketData?.stop();
    spawnSync('psql', [testServerUrl('postgres'), '-qc', `DROP SCHEMA IF EXISTS "${riskSchema}" CASCADE`]);
  });

  it('reads the 501 bars closed before its first start, journals them, and replays them on the next', async () => {
    const port = await freePort();
    const environment = {
      HTTP_PORT: String(port),
      DATABASE_URL: testServerUrl('postgres'),
      DATABASE_SCHEMA: riskSchema,
      RISK_SYMBOLS: 'EURUSD',
      MARKET_DATA_URL: marketData.url,
      LOG_LEVEL: 'error',
    };
    // Half an hour into the bar at row 2,000: rows 1,499 to 1,999 have closed.
    const startedAt = bars.time[2_000] + HOUR / 2;
    const first = await serveRisk(openInfrastructure, environment, new ManualClock(startedAt));
    try {
      // The warm-up's bars, then the start's venue.snapshot-request.
      expect(first.desk.journalEntries).toBe(501 + 1);
      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(metrics).toContain('risk_warmup_bars{symbol="EURUSD",service="risk"} 501');
      expect(metrics).toContain('risk_warmup_failures_total{service="risk"} 0');
      const ready = (await (await fetch(`http://127.0.0.1:${port}/health/ready`)).json()) as { checks: Array<{ name: string; ok: boolean }> };
      // Not ready as a whole: no venue has answered the snapshot request. The warm-up is done.
      expect(ready.checks.find((check) => check.name === 'warm-up')).toEqual({ name: 'warm-up', ok: true });
      const query = `SELECT envelope->'payload'->>'time' FROM "${riskSchema}"."journal" WHERE envelope->>'type' = 'market.bar' ORDER BY sequence`;
      const journaled = spawnSync('psql', [testServerUrl('postgres'), '-Atc', query], { encoding: 'utf8' }).stdout.trim().split('\n');
      expect(journaled.map(Number)).toEqual(Array.from(bars.time.subarray(1_499, 2_000)));
    } finally {
      await first.stop();
    }
    // Restarted later, with market-data gone: the journal has the history, nothing is read.
    const second = await serveRisk(openInfrastructure, { ...environment, MARKET_DATA_URL: 'http://127.0.0.1:9' }, new ManualClock(startedAt + 24 * HOUR));
    try {
      expect(second.desk.journalEntries).toBe(501 + 2);
    } finally {
      await second.stop();
    }
  }, 180_000);
});
