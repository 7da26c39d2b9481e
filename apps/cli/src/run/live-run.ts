// What `trading run --live` follows, checked before anything boots: the
// --data files (each a series its name gives, followed as it grows) and the
// --series polled from the remote sources, each once; the market-data
// settings live mode runs on (the MARKET_DATA_LIVE_* variables of the
// environment with the flags' files and series); and which bars drive the
// paper venue and risk when every series is live at once.
import { identifyBarFile } from '@trading/data-sources/files';
import { timeframeMs } from '@trading/domain';
import { type LiveSeries, loadMarketDataConfig, type MarketDataConfig, parseLiveSeries } from '@trading/market-data-service/config';
import { CliError } from '../cli-error';
import type { LiveRun } from './run-options';
import type { DrivingBars } from './chain-plan';

/** The series a live run follows: the files' (from their names), then the polled ones; a bad name or a series given twice is a CliError. */
export function liveSeriesOf(files: readonly string[], live: LiveRun, environment: Readonly<Record<string, string | undefined>> = process.env): LiveSeries[] {
  const series: LiveSeries[] = [];
  for (const file of files) {
    if (/\.gz$/i.test(file)) throw new CliError(`--data: ${file} is compressed: a live run follows files that grow, written uncompressed`);
    try {
      series.push(identifyBarFile(file));
    } catch (error) {
      throw new CliError(`--data: ${(error as Error).message}`);
    }
  }
  if (live.series !== '') {
    const polled = parseLiveSeries(live.series);
    if (polled === undefined) throw new CliError(`--series: expected SYMBOL:TIMEFRAME pairs, each once, such as EURUSD:H1,GBPUSD:M5; got "${live.series}"`);
    if (!environment['MARKET_DATA_SOURCES']?.trim()) throw new CliError('--series: set MARKET_DATA_SOURCES to the sources to poll them from (see "Market data" in the README)');
    series.push(...polled);
  }
  const seen = new Set<string>();
  for (const { symbol, timeframe } of series) {
    const key = `${symbol} ${timeframe}`;
    if (seen.has(key)) throw new CliError(`--live: ${key} is followed twice; give each series once`);
    seen.add(key);
  }
  return series;
}

/** market-data's settings for the run: live mode on the flags' files and series, the rest (sources, MARKET_DATA_LIVE_*) from the environment. */
export function liveMarketDataConfig(files: readonly string[], live: LiveRun, environment: Readonly<Record<string, string | undefined>> = process.env): MarketDataConfig {
  return loadMarketDataConfig({
    ...environment,
    MARKET_DATA_MODE: 'live',
    MARKET_DATA_FILES: files.join(','),
    MARKET_DATA_LIVE_SERIES: live.series === '' ? undefined : live.series,
  });
}

/**
 * Live, every series is current at once, so each symbol's finest followed
 * timeframe works the paper book and moves risk's market state — what a
 * replay's barsThatDrive gives wherever the finer file covers the time.
 */
export function finestSeriesDrive(series: readonly LiveSeries[]): DrivingBars {
  const finest = new Map(finestSeries(series).map(({ symbol, timeframe }) => [symbol, timeframe]));
  return (bar) => finest.get(bar.symbol) === bar.timeframe;
}

/** Each symbol's finest followed series, in the order the symbols first appear: what a live risk desk warms up on. */
export function finestSeries<S extends LiveSeries>(series: readonly S[]): S[] {
  const finest = new Map<string, S>();
  for (const entry of series) {
    const known = finest.get(entry.symbol);
    if (known === undefined || timeframeMs(entry.timeframe) < timeframeMs(known.timeframe)) finest.set(entry.symbol, entry);
  }
  return [...finest.values()];
}
