// Alpha Vantage FX endpoints (FX_INTRADAY, FX_DAILY) as a market-data source.
// The API key comes from configuration and goes only into the request URL:
// every message uses a redacted URL. On a free key intraday is premium-only,
// so in practice this is a daily-bar fallback.
import { instrumentFor } from '@trading/domain';
import { aggregateBars, alignedToBuckets } from '../bar-aggregation';
import { httpRequest, parseJsonBody, snippet } from '../http/http-request';
import {
  assertValidRequest,
  type BarRequest,
  type FetchOptions,
  type MarketDataSource,
  type SourceResult,
} from '../market-data-source.port';
import { SourceError } from '../source.error';
import { parseAlphaVantageSeries } from './alpha-vantage.parser';
import { alphaVantageQuery } from './alpha-vantage.request';

export interface AlphaVantageSourceConfig {
  /** e.g. https://www.alphavantage.co */
  readonly baseUrl: string;
  readonly apiKey: string;
  /** "compact" is the latest 100 points; "full" is the whole history (may need a paid plan). */
  readonly outputSize?: 'compact' | 'full';
  readonly name?: string;
}

export class AlphaVantageSource implements MarketDataSource {
  readonly name: string;

  constructor(private readonly config: AlphaVantageSourceConfig) {
    if (config.apiKey.trim() === '') throw new RangeError('Alpha Vantage apiKey is empty');
    this.name = config.name ?? 'alpha-vantage';
  }

  async fetchBars(request: BarRequest, options: FetchOptions = {}): Promise<SourceResult> {
    assertValidRequest(request);
    const instrument = instrumentFor(request.symbol);
    const query = alphaVantageQuery(request.timeframe);
    const url = new URL('/query', this.config.baseUrl);
    url.searchParams.set('function', query.function);
    url.searchParams.set('from_symbol', instrument.base);
    url.searchParams.set('to_symbol', instrument.quote);
    if (query.interval) url.searchParams.set('interval', query.interval);
    url.searchParams.set('outputsize', this.config.outputSize ?? 'full');
    const redactedUrl = url.toString();
    url.searchParams.set('apikey', this.config.apiKey);
    const response = await httpRequest(this.name, { url: url.toString(), redactedUrl, signal: options.signal });
    const what = `${query.function} ${request.symbol}${query.interval ? ` ${query.interval}` : ''}`;
    if (response.status >= 500) {
      throw new SourceError(this.name, 'unavailable', `${what}: HTTP ${response.status} ${snippet(response.text)}`, { status: response.status });
    }
    if (response.status === 429) throw new SourceError(this.name, 'rate-limited', `${what}: HTTP 429`, { status: 429 });
    if (response.status >= 400) {
      throw new SourceError(this.name, 'rejected', `${what}: HTTP ${response.status} ${snippet(response.text)}`, { status: response.status });
    }
    const body = parseJsonBody(this.name, response, what);
    const aggregate = query.delivers !== request.timeframe;
    const window = aggregate ? alignedToBuckets(request) : request;
    const parsed = parseAlphaVantageSeries(this.name, body, query.seriesKey, window, query.delivers);
    const bars = aggregate
      ? aggregateBars(parsed.bars, request.timeframe).filter((bar) => bar.time >= request.from && bar.time < request.to)
      : parsed.bars;
    return { source: this.name, bars, dropped: parsed.dropped };
  }
}
