import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@trading/config';
import type { MarketDataSource } from '@trading/data-sources';
import { loadMarketDataConfig } from '../market-data.config';
import { liveFeedsFromConfig } from './live-mode';

const sources: MarketDataSource = { name: 'failover:market-data', fetchBars: async () => ({ source: 'yahoo', bars: [], dropped: [] }) };

describe('the series live mode follows, from the configuration', () => {
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'trading-live-config-'));
    writeFileSync(join(folder, 'EURUSD_H1.csv'), '<DATE>\t<TIME>\t<OPEN>\t<HIGH>\t<LOW>\t<CLOSE>\t<TICKVOL>\t<VOL>\t<SPREAD>\n');
    writeFileSync(join(folder, 'prices.csv'), 'time,open,high,low,close,volume\n');
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  const issues = (run: () => unknown): string[] => {
    try {
      run();
    } catch (error) {
      if (error instanceof ConfigError) return error.issues.map((issue) => `${issue.variable}: ${issue.problem}`);
      throw error;
    }
    return [];
  };
  const config = (series?: string) =>
    loadMarketDataConfig({ MARKET_DATA_MODE: 'live', MARKET_DATA_FILES: 'x', ...(series ? { MARKET_DATA_LIVE_SERIES: series, MARKET_DATA_SOURCES: 'yahoo' } : {}) });

  it('follows each file as the series its name says, and each series through the sources', () => {
    const feeds = liveFeedsFromConfig(config('GBPUSD:M5'), [join(folder, 'EURUSD_H1.csv')], sources);
    expect(feeds.map((feed) => [feed.symbol, feed.timeframe, feed.history, feed.description])).toEqual([
      ['EURUSD', 'H1', 'all', `EURUSD H1 from ${join(folder, 'EURUSD_H1.csv')}`],
      ['GBPUSD', 'M5', 'lookback', 'GBPUSD M5 from failover:market-data'],
    ]);
  });

  it('names MARKET_DATA_FILES for a file that is missing or whose name says no series', () => {
    expect(issues(() => liveFeedsFromConfig(config(), [join(folder, 'GBPUSD_H1.csv')], undefined))).toEqual([`MARKET_DATA_FILES: cannot follow ${join(folder, 'GBPUSD_H1.csv')}: no such file`]);
    expect(issues(() => liveFeedsFromConfig(config(), [join(folder, 'prices.csv')], undefined))).toEqual([
      'MARKET_DATA_FILES: prices.csv: cannot tell the symbol and timeframe from the file name (expected e.g. EURUSD_H1.csv); pass them explicitly',
    ]);
  });

  it('refuses a series followed twice, from a file and from the sources', () => {
    expect(issues(() => liveFeedsFromConfig(config('EURUSD:H1'), [join(folder, 'EURUSD_H1.csv')], sources))).toEqual([
      `MARKET_DATA_LIVE_SERIES: EURUSD H1 is followed twice (EURUSD H1 from ${join(folder, 'EURUSD_H1.csv')}; EURUSD H1 from failover:market-data)`,
    ]);
  });
});
