// Live mode polling the remote sources, against the local mock servers of
// Yahoo and Alpha Vantage serving real 2025 EURUSD H1 bars: a bar is asked for
// once it has closed, asked again a minute later while the provider lags,
// published once; the loop sleeps through the injected sleeper from one close
// to the next; when Yahoo fails the chain falls over to Alpha Vantage.
import { barId } from '@trading/contracts';
import type { Sleeper } from '@trading/data-sources';
import { AlphaVantageMockServer, barsBetween, sharedH1Bars2025, YahooMockServer } from '@trading/data-sources/testing';
import { SeededRandom, type Bar, type Quote } from '@trading/domain';
import { loadMarketDataConfig } from '../market-data.config';
import { createSourceChain } from '../sources/source-chain.factory';
import { remoteLiveFeed, type LiveFeed } from './live-feed';
import { LiveHarness } from '../testing/live-harness';

jest.setTimeout(60_000);

const HOUR = 3_600_000;
const SETTLE = 5_000;
const DAY = Date.UTC(2025, 6, 16);
const at = (hour: number) => DAY + hour * HOUR;
const hours = (bars: readonly Bar[]) => bars.map((bar) => (bar.time - DAY) / HOUR);

describe('live mode polling Yahoo and Alpha Vantage', () => {
  const eurusd = sharedH1Bars2025('EURUSD');
  // What each provider has published so far; the mocks read it on every request.
  const published: Record<string, readonly Bar[]> = {};
  let yahoo: YahooMockServer;
  let alphaVantage: AlphaVantageMockServer;
  let harness: LiveHarness;
  let feed: LiveFeed;

  beforeAll(async () => {
    yahoo = await YahooMockServer.start({ h1Bars: published });
    alphaVantage = await AlphaVantageMockServer.start({ apiKey: 'test-key', h1Bars: published });
    harness = await LiveHarness.open(at(10) + SETTLE);
    const config = loadMarketDataConfig({
      MARKET_DATA_MODE: 'live',
      MARKET_DATA_LIVE_SERIES: 'EURUSD:H1',
      MARKET_DATA_SOURCES: 'yahoo,alpha-vantage',
      YAHOO_BASE_URL: yahoo.url,
      ALPHAVANTAGE_BASE_URL: alphaVantage.url,
      ALPHAVANTAGE_API_KEY: 'test-key',
    });
    // Retries and rate limits wait on the harness clock too: nothing in this spec really sleeps.
    const chainSleep: Sleeper = async (ms) => harness.clock.advance(ms);
    const sources = createSourceChain(config.sources, { clock: harness.clock, random: new SeededRandom(5), metrics: harness.metrics, sleep: chainSleep });
    feed = remoteLiveFeed(sources as NonNullable<typeof sources>, config.live.series[0]);
  });

  afterAll(async () => {
    await yahoo?.close();
    await alphaVantage?.close();
    await harness?.close();
  });

  it('asks again a minute later while Yahoo has not published the bar that closed, then publishes it once', async () => {
    // At 10:00:05 Yahoo is an hour behind: its newest bar is 08:00.
    published['EURUSD'] = barsBetween(eurusd, 0, at(9));
    const poller = harness.poller([feed]);
    expect(await poller.pollDue()).toBe(at(10) + SETTLE + 60_000);
    let relayed = await harness.relayCommitted();
    expect(hours(harness.payloads<Bar>(relayed, 'market.bar.'))).toEqual([8]);
    published['EURUSD'] = barsBetween(eurusd, 0, at(10));
    harness.clock.set(at(10) + SETTLE + 60_000);
    expect(await poller.pollDue()).toBe(at(11) + SETTLE);
    relayed = await harness.relayCommitted();
    const bars = harness.payloads<Bar>(relayed, 'market.bar.');
    const ohlc = (list: readonly Bar[]) => list.map(({ time, open, high, low, close }) => [time, open, high, low, close]);
    expect(ohlc(bars)).toEqual(ohlc(barsBetween(eurusd, at(9), at(10))));
    // Yahoo sends no spread: the quote's ask is its bid.
    expect(harness.payloads<Quote>(relayed, 'market.quote.')).toEqual([{ symbol: 'EURUSD', time: at(10), bid: bars[0].close, ask: bars[0].close }]);
    const asked = yahoo.requests.filter((request) => request.path === '/v8/finance/chart/EURUSD=X');
    // Only closed bars were asked for: each request's window ends at the start of the bar still forming.
    expect(asked.map((request) => Number(request.query.get('period2')) * 1000)).toEqual([at(10), at(10)]);
    expect(Number(asked[1].query.get('period1')) * 1000).toBe(at(9));
  });

  it('runs on the series clock: one sleep from each close to the next, a bar published after each', async () => {
    published['EURUSD'] = barsBetween(eurusd, 0, at(24));
    const controller = new AbortController();
    const waits: number[] = [];
    const sleep: Sleeper = async (ms) => {
      waits.push(ms);
      harness.clock.advance(ms);
      // Stops the loop once it has slept past 15:00:05.
      if (harness.clock.now() > at(15) + SETTLE) controller.abort();
    };
    await harness.poller([feed], sleep).run(controller.signal);
    expect(waits).toEqual([HOUR - 60_000, HOUR, HOUR, HOUR, HOUR, HOUR]);
    const relayed = await harness.relayCommitted();
    expect(hours(harness.payloads<Bar>(relayed, 'market.bar.'))).toEqual([10, 11, 12, 13, 14]);
    expect(relayed.map(({ topic }) => topic.split('.')[1])).toEqual(Array.from({ length: 5 }, () => ['bar', 'quote']).flat());
  });

  it('falls over to Alpha Vantage while Yahoo fails; the bars keep the ids derived from themselves', async () => {
    harness.clock.set(at(17) + SETTLE);
    yahoo.scenario = 'server-error';
    const poller = harness.poller([feed]);
    await poller.pollDue();
    yahoo.scenario = 'healthy';
    const relayed = await harness.relayCommitted();
    const bars = harness.payloads<Bar>(relayed, 'market.bar.');
    expect(hours(bars)).toEqual([15, 16]);
    expect(relayed.filter(({ topic }) => topic.startsWith('market.bar.')).map(({ envelope }) => envelope.id)).toEqual([barId('EURUSD', 'H1', at(15), at(16)), barId('EURUSD', 'H1', at(16), at(17))]);
    expect(bars.map((bar) => bar.close)).toEqual(barsBetween(eurusd, at(15), at(17)).map((bar) => bar.close));
    expect(alphaVantage.requests.filter((request) => request.query.get('function') === 'FX_INTRADAY')).toHaveLength(1);
    expect(await harness.metricLines('market_data_source_failovers_total')).toEqual(['market_data_source_failovers_total{from="yahoo",kind="unavailable",service="market-data"} 1']);
    expect(new Set(harness.relayed.map(({ envelope }) => envelope.id)).size).toBe(harness.relayed.length);
  });

  it('counts a poll that every source failed, publishes nothing and retries a minute later', async () => {
    harness.clock.set(at(18) + SETTLE);
    yahoo.scenario = 'server-error';
    alphaVantage.scenario = 'server-error';
    try {
      const poller = harness.poller([feed]);
      const polledAt = harness.clock.now();
      // The retry is a minute after the poll began (Yahoo's own retries moved the clock on meanwhile).
      expect(await poller.pollDue()).toBe(Math.min(harness.clock.now() + 60_000, at(19) + SETTLE));
      expect(harness.clock.now()).toBeGreaterThan(polledAt);
    } finally {
      yahoo.scenario = 'healthy';
      alphaVantage.scenario = 'healthy';
    }
    expect(await harness.relayCommitted()).toEqual([]);
    expect(await harness.metricLines('market_data_live_polls_total{symbol="EURUSD",timeframe="H1",outcome="failed"')).toEqual([
      'market_data_live_polls_total{symbol="EURUSD",timeframe="H1",outcome="failed",service="market-data"} 1',
    ]);
    expect(harness.logged.some((line) => line.includes('live poll failed, will retry'))).toBe(true);
  });
});
