// HttpBarHistory against the real market-data service (serveMarketData on a
// free port, its store in Postgres, fed the real EURUSD H1 file), and against
// servers that misbehave: every failure names the URL and what went wrong.
import { createServer, type Server } from 'node:http';
import { ManualClock, SeededRandom } from '@trading/domain';
import { MAX_BARS_PER_REQUEST } from '@trading/market-data-service';
import { serveMarketDataOnFile, type MarketDataOnFile } from '@trading/market-data-service/testing';
import { InProcessBus } from '@trading/messaging';
import { createLogger, ServiceMetrics } from '@trading/observability';
import { BARS_PER_REQUEST, HttpBarHistory } from '@trading/runtime';
import { readSharedBars, sharedData, describeWithServers, freePort } from '@trading/test-support';
import { createStrategyService } from '../create-strategy-service';
import { loadStrategyServiceConfig } from '../strategy-service.config';

const HOUR = 3_600_000;

describeWithServers(['postgres'], 'HttpBarHistory on the real market-data HTTP API', () => {
  const file = sharedData.eurusdH1();
  const bars = readSharedBars(file, 'EURUSD', 'H1');
  const schema = `strategy_history_${process.pid}_${Date.now().toString(36)}`;
  let marketData: MarketDataOnFile;
  let baseUrl: string;

  beforeAll(async () => {
    marketData = await serveMarketDataOnFile(file, schema);
    baseUrl = marketData.url;
  }, 180_000);

  afterAll(async () => {
    await marketData?.stop();
  });

  it('asks for as many bars at once as market-data serves', () => {
    expect(BARS_PER_REQUEST).toBe(MAX_BARS_PER_REQUEST);
  });

  it('reads the bars of a window, in pieces when it is longer than one request may be, as the file has them', async () => {
    const history = new HttpBarHistory({ baseUrl, timeoutMs: 30_000 });
    const from = bars.time[1_000];
    const to = from + 60_000 * HOUR;
    const got = await history.bars('EURUSD', 'H1', from, to);
    const expected: unknown[] = [];
    for (let i = 1_000; i < bars.length && bars.time[i] < to; i++) {
      expected.push({ symbol: 'EURUSD', timeframe: 'H1', time: bars.time[i], open: bars.open[i], high: bars.high[i], low: bars.low[i], close: bars.close[i], volume: bars.volume[i], spread: bars.spread[i] });
    }
    expect(expected.length).toBeGreaterThan(40_000);
    expect(got).toEqual(expected);
  });

  it('warms a strategy service up from it', async () => {
    const bus = new InProcessBus();
    const metrics = new ServiceMetrics({ service: 'strategy-intraday', defaultMetrics: false });
    const settings = loadStrategyServiceConfig('intraday', { STRATEGY_SYMBOLS: 'EURUSD' }).settings;
    const service = createStrategyService({
      bus,
      settings,
      producer: 'strategy-intraday',
      clock: new ManualClock(bars.time[30_000]),
      random: new SeededRandom(1),
      logger: createLogger({ service: 'strategy-intraday', level: 'error' }),
      metrics,
      history: new HttpBarHistory({ baseUrl, timeoutMs: 30_000 }),
    });
    try {
      await service.ready;
      expect(await metrics.exposition()).toContain('strategy_warmup_bars{strategy="intraday",symbol="EURUSD",service="strategy-intraday"} 2040');
    } finally {
      await service.stop();
      await bus.close();
    }
  });

  it("names market-data's refusal, with the field it names", async () => {
    const history = new HttpBarHistory({ baseUrl, timeoutMs: 30_000 });
    await expect(history.bars('eurusd', 'H1', 0, HOUR)).rejects.toThrow(
      `market-data answered 400 to ${baseUrl}/bars?symbol=eurusd&tf=H1&from=0&to=3600000: symbol must be six capital letters such as EURUSD, got "eurusd"`,
    );
  });
});

describe('HttpBarHistory when market-data misbehaves', () => {
  let server: Server | undefined;
  const serve = async (answer: (url: string) => { status: number; body: string } | undefined): Promise<string> => {
    server = createServer((request, response) => {
      const reply = answer(request.url ?? '');
      if (reply === undefined) return; // never answers
      response.writeHead(reply.status, { 'content-type': 'application/json' });
      response.end(reply.body);
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    return `http://127.0.0.1:${address.port}`;
  };

  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  const bar = (time: number, fields: Record<string, unknown> = {}) => ({ symbol: 'EURUSD', timeframe: 'H1', time, open: 1.1, high: 1.2, low: 1.0, close: 1.15, volume: 10, spread: 7, ...fields });

  it('says it cannot reach a market-data that is not there', async () => {
    const port = await freePort();
    const history = new HttpBarHistory({ baseUrl: `http://127.0.0.1:${port}/`, timeoutMs: 5_000 });
    await expect(history.bars('EURUSD', 'H1', 0, HOUR)).rejects.toThrow(`cannot reach market-data at http://127.0.0.1:${port}/bars?symbol=EURUSD&tf=H1&from=0&to=3600000 (connection refused)`);
  });

  it('gives up on an answer that does not come within the timeout', async () => {
    const base = await serve(() => undefined);
    const history = new HttpBarHistory({ baseUrl: base, timeoutMs: 200 });
    await expect(history.bars('EURUSD', 'H1', 0, HOUR)).rejects.toThrow('(no answer within 200 ms)');
  });

  it('refuses bars that are malformed, foreign to the request, or out of order', async () => {
    const cases: Array<[unknown[], string]> = [
      [[bar(0, { low: 1.3 })], 'with an invalid bar: bars[0].low: must not be above high (low 1.3, high 1.2)'],
      [[bar(0, { symbol: 'GBPUSD' })], 'with bars[0] GBPUSD H1 at 0: not of the series and window asked for, in time order'],
      [[bar(0), bar(0)], 'with bars[1] EURUSD H1 at 0: not of the series and window asked for, in time order'],
      [[bar(2 * HOUR)], 'with bars[0] EURUSD H1 at 7200000: not of the series and window asked for, in time order'],
    ];
    let current: unknown[] = [];
    const base = await serve(() => ({ status: 200, body: JSON.stringify({ bars: current }) }));
    const history = new HttpBarHistory({ baseUrl: base, timeoutMs: 5_000 });
    for (const [rows, problem] of cases) {
      current = rows;
      await expect(history.bars('EURUSD', 'H1', 0, 2 * HOUR)).rejects.toThrow(`market-data answered ${base}/bars?symbol=EURUSD&tf=H1&from=0&to=7200000 ${problem}`);
    }
  });

  it('quotes a server error that is not JSON', async () => {
    const base = await serve(() => ({ status: 502, body: 'Bad Gateway' }));
    const history = new HttpBarHistory({ baseUrl: base, timeoutMs: 5_000 });
    await expect(history.bars('EURUSD', 'H1', 0, HOUR)).rejects.toThrow(`market-data answered 502 to ${base}/bars?symbol=EURUSD&tf=H1&from=0&to=3600000: "Bad Gateway"`);
  });
});
