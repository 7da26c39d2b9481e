import { ConfigError } from '@trading/config';
import { loadMarketDataConfig, marketDataEnvironmentVariables, parseLiveSeries } from './market-data.config';

const problems = (environment: Record<string, string>): string[] => {
  try {
    loadMarketDataConfig(environment);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((issue) => `${issue.variable}: ${issue.problem}`);
    throw error;
  }
  return [];
};

describe('market-data configuration: modes, quotes and live settings', () => {
  it('replays by default, with quotes kept three bars unless MARKET_DATA_QUOTE_TTL says', () => {
    const config = loadMarketDataConfig({});
    expect([config.mode, config.quoteTtlMs, config.live]).toEqual(['replay', undefined, { series: [], settleMs: 5_000, retryMs: 60_000, lookbackBars: 500 }]);
    expect(loadMarketDataConfig({ MARKET_DATA_QUOTE_TTL: '15m' }).quoteTtlMs).toBe(900_000);
  });

  it('reads live mode with its series, delays and lookback', () => {
    const config = loadMarketDataConfig({
      MARKET_DATA_MODE: 'live',
      MARKET_DATA_SOURCES: 'yahoo',
      MARKET_DATA_LIVE_SERIES: ' EURUSD:H1, GBPUSD:M5 ',
      MARKET_DATA_LIVE_DELAY: '10s',
      MARKET_DATA_LIVE_RETRY: '2m',
      MARKET_DATA_LIVE_LOOKBACK: '200',
    });
    expect(config.live).toEqual({
      series: [
        { symbol: 'EURUSD', timeframe: 'H1' },
        { symbol: 'GBPUSD', timeframe: 'M5' },
      ],
      settleMs: 10_000,
      retryMs: 120_000,
      lookbackBars: 200,
    });
    expect(loadMarketDataConfig({ MARKET_DATA_MODE: 'live', MARKET_DATA_FILES: 'data/EURUSD_H1.csv.gz' }).mode).toBe('live');
  });

  it('names the variable of a bad value in one line', () => {
    expect(problems({ MARKET_DATA_MODE: 'stream' })).toEqual(['MARKET_DATA_MODE: expected one of replay, live, got "stream"']);
    expect(problems({ MARKET_DATA_MODE: 'live', MARKET_DATA_SOURCES: 'yahoo', MARKET_DATA_LIVE_SERIES: 'EURUSD-H1' })).toEqual([
      'MARKET_DATA_LIVE_SERIES: expected comma-separated SYMBOL:TIMEFRAME pairs, each once, such as EURUSD:H1,GBPUSD:M5, got "EURUSD-H1"',
    ]);
    expect(problems({ MARKET_DATA_QUOTE_TTL: 'soon' })).toEqual(['MARKET_DATA_QUOTE_TTL: expected a duration such as 500ms, 30s, 5m, 2h, 1d or a number of milliseconds, got "soon"']);
    expect(problems({ MARKET_DATA_LIVE_LOOKBACK: '0' })).toEqual(['MARKET_DATA_LIVE_LOOKBACK: expected an integer from 1 to 10000, got "0"']);
  });

  it('refuses settings that do not go together', () => {
    expect(problems({ MARKET_DATA_MODE: 'live' })).toEqual([
      'MARKET_DATA_MODE: live mode has nothing to follow: set MARKET_DATA_LIVE_SERIES (polled from MARKET_DATA_SOURCES) or MARKET_DATA_FILES (files that grow)',
    ]);
    expect(problems({ MARKET_DATA_MODE: 'live', MARKET_DATA_LIVE_SERIES: 'EURUSD:H1' })).toEqual([
      'MARKET_DATA_SOURCES: required when MARKET_DATA_LIVE_SERIES is set (the sources its series are polled from)',
    ]);
    expect(problems({ MARKET_DATA_LIVE_SERIES: 'EURUSD:H1', MARKET_DATA_SOURCES: 'yahoo' })).toEqual([
      'MARKET_DATA_LIVE_SERIES: is only followed in live mode; set MARKET_DATA_MODE=live or unset it',
    ]);
    expect(problems({ MARKET_DATA_MODE: 'live', MARKET_DATA_FILES: 'a/EURUSD_H1.csv', MARKET_DATA_LIVE_RETRY: '500ms' })).toEqual(['MARKET_DATA_LIVE_RETRY: must be at least 1s, got 500 ms']);
  });

  it('parses series each once and lists every variable it reads', () => {
    expect(parseLiveSeries('EURUSD:H1,EURUSD:M5')).toEqual([
      { symbol: 'EURUSD', timeframe: 'H1' },
      { symbol: 'EURUSD', timeframe: 'M5' },
    ]);
    expect(parseLiveSeries('EURUSD:H1,EURUSD:H1')).toBeUndefined();
    expect(parseLiveSeries('eurusd:H1')).toBeUndefined();
    expect(parseLiveSeries('EURUSD:H2')).toBeUndefined();
    expect(marketDataEnvironmentVariables()).toEqual(
      expect.arrayContaining(['MARKET_DATA_MODE', 'MARKET_DATA_QUOTE_TTL', 'MARKET_DATA_LIVE_SERIES', 'MARKET_DATA_LIVE_DELAY', 'MARKET_DATA_LIVE_RETRY', 'MARKET_DATA_LIVE_LOOKBACK']),
    );
  });
});
