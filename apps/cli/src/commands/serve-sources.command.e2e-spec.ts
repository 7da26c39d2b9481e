// The served market-data answering GET /bars from its remote sources: Yahoo
// first, Alpha Vantage when Yahoo fails (local mock servers serving real bars),
// with the failover counted in its metrics. Embedded infrastructure, no servers.
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { AlphaVantageMockServer, sharedH1Bars2025, YahooMockServer } from '@trading/data-sources/testing';
import { freePort } from '@trading/test-support';

const root = resolve(__dirname, '..', '..', '..', '..');
const trading = join(root, 'node_modules', '.bin', 'trading');

/** The value of the sample of `name` carrying every label in `labels` (label order in the exposition is not fixed). */
function metricValue(exposition: string, name: string, labels: Record<string, string>): number | undefined {
  const line = exposition
    .split('\n')
    .find((text) => text.startsWith(`${name}{`) && Object.entries(labels).every(([key, value]) => text.includes(`${key}="${value}"`)));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('trading serve market-data with remote sources', () => {
  const eurusd = sharedH1Bars2025('EURUSD');
  let yahoo: YahooMockServer;
  let alphaVantage: AlphaVantageMockServer;

  beforeAll(async () => {
    yahoo = await YahooMockServer.start({ h1Bars: { EURUSD: eurusd } });
    alphaVantage = await AlphaVantageMockServer.start({ apiKey: 'e2e-key', h1Bars: { EURUSD: eurusd } });
  });

  afterAll(async () => {
    await yahoo.close();
    await alphaVantage.close();
  });

  it('serves bars from Yahoo, fails over to Alpha Vantage, stores what it fetched, and answers bad input with a 400', async () => {
    const port = await freePort();
    const child = spawn(trading, ['serve', 'market-data'], {
      cwd: root,
      env: {
        ...process.env,
        AMQP_URL: undefined,
        DATABASE_URL: undefined,
        REDIS_URL: undefined,
        HTTP_PORT: String(port),
        LOG_LEVEL: 'warn',
        MARKET_DATA_SOURCES: 'yahoo,alpha-vantage',
        YAHOO_BASE_URL: yahoo.url,
        ALPHAVANTAGE_BASE_URL: alphaVantage.url,
        ALPHAVANTAGE_API_KEY: 'e2e-key',
      },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((done) => child.on('exit', done));
    const base = `http://127.0.0.1:${port}`;
    const get = async (path: string) => {
      const response = await fetch(base + path);
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    try {
      for (let ready = false; !ready; ) {
        ready = await fetch(`${base}/health/ready`).then((response) => response.status === 200, () => false);
        if (!ready) await new Promise((done) => setTimeout(done, 250));
      }
      // A day of real hourly bars in the middle of the file.
      const day = eurusd[500].time - (eurusd[500].time % 86_400_000);
      const first = await get(`/bars?symbol=EURUSD&tf=H1&from=${day}&to=${day + 86_400_000}`);
      expect(first.status).toBe(200);
      const bars = first.body['bars'] as { time: number; close: number }[];
      const expected = eurusd.filter((bar) => bar.time >= day && bar.time < day + 86_400_000);
      expect(bars.map((bar) => [bar.time, bar.close])).toEqual(expected.map((bar) => [bar.time, bar.close]));

      yahoo.scenario = 'server-error';
      const nextDay = day + 7 * 86_400_000;
      const second = await get(`/bars?symbol=EURUSD&tf=H1&from=${new Date(nextDay).toISOString()}&to=${new Date(nextDay + 86_400_000).toISOString()}`);
      expect(second.status).toBe(200);
      expect((second.body['bars'] as unknown[]).length).toBe(eurusd.filter((bar) => bar.time >= nextDay && bar.time < nextDay + 86_400_000).length);
      const metrics = await (await fetch(`${base}/metrics`)).text();
      expect(metricValue(metrics, 'market_data_source_failovers_total', { from: 'yahoo', kind: 'unavailable' })).toBe(1);
      expect(metricValue(metrics, 'market_data_source_latency_seconds_count', { source: 'alpha-vantage', outcome: 'ok' })).toBe(1);
      expect(metricValue(metrics, 'market_data_source_latency_seconds_count', { source: 'yahoo', outcome: 'ok' })).toBe(1);

      // The first window is now in the store and the cache: Yahoo being down does not matter.
      const again = await get(`/bars?symbol=EURUSD&tf=H1&from=${day}&to=${day + 86_400_000}`);
      expect(again.body['count']).toBe(expected.length);

      // Two days from the stored one: only the second day is asked of the sources (Alpha Vantage, Yahoo still down).
      const twoDays = await get(`/bars?symbol=EURUSD&tf=H1&from=${day}&to=${day + 2 * 86_400_000}`);
      expect(twoDays.body['count']).toBe(eurusd.filter((bar) => bar.time >= day && bar.time < day + 2 * 86_400_000).length);
      expect(alphaVantage.requests).toHaveLength(2);

      expect(await get('/bars?symbol=EUR&tf=H1&from=0&to=1')).toEqual({ status: 400, body: expect.objectContaining({ field: 'symbol' }) });
      expect(await get('/bars?symbol=EURUSD&tf=H2&from=0&to=1')).toEqual({ status: 400, body: expect.objectContaining({ field: 'tf' }) });
      expect(await get('/bars?symbol=EURUSD&tf=H1&from=yesterday&to=1')).toEqual({ status: 400, body: expect.objectContaining({ field: 'from' }) });
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
    expect({ code: await exited, stderr }).toEqual({ code: 0, stderr: expect.any(String) });
  }, 120_000);
});
