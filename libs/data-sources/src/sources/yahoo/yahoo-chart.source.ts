// Yahoo Finance chart endpoint (/v8/finance/chart/{symbol}) as a market-data
// source. Undocumented and best-effort: a 429 (plain text) or an outage page
// is "unavailable for now", for the failover chain to route around.
import type { Clock } from '@trading/domain';
import { aggregateBars, alignedToBuckets } from '../bar-aggregation';
import { httpRequest, isRecord, parseJsonBody, retryAfterMs, snippet } from '../http/http-request';
import {
  assertValidRequest,
  type BarRequest,
  type FetchOptions,
  type MarketDataSource,
  type SourceResult,
} from '../market-data-source.port';
import { SourceError } from '../source.error';
import { parseYahooChart } from './yahoo-chart.parser';
import { yahooInterval, yahooSymbol } from './yahoo-symbol.mapper';

export interface YahooChartSourceConfig {
  /** e.g. https://query1.finance.yahoo.com */
  readonly baseUrl: string;
  /** Yahoo answers non-browser agents with 429 at once. */
  readonly userAgent?: string;
  readonly name?: string;
}

const LONDON_OFFSET_MS = 3_600_000;
const BROWSER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36';

export class YahooChartSource implements MarketDataSource {
  readonly name: string;

  constructor(
    private readonly config: YahooChartSourceConfig,
    private readonly clock: Clock,
  ) {
    this.name = config.name ?? 'yahoo';
  }

  async fetchBars(request: BarRequest, options: FetchOptions = {}): Promise<SourceResult> {
    assertValidRequest(request);
    const { interval, delivers } = yahooInterval(request.timeframe);
    // When aggregating, ask for whole buckets so an edge bucket is not built from a few of its bars.
    const window = delivers === request.timeframe ? request : alignedToBuckets(request);
    const url = new URL(`/v8/finance/chart/${encodeURIComponent(yahooSymbol(request.symbol))}`, this.config.baseUrl);
    url.searchParams.set('interval', interval);
    // Daily bars are stamped at London midnight, up to an hour before the UTC day they belong to.
    const period1 = delivers === 'D1' ? window.from - LONDON_OFFSET_MS : window.from;
    url.searchParams.set('period1', String(Math.floor(period1 / 1000)));
    url.searchParams.set('period2', String(Math.ceil(window.to / 1000)));
    url.searchParams.set('includePrePost', 'false');
    const response = await httpRequest(this.name, {
      url: url.toString(),
      redactedUrl: url.toString(),
      headers: { 'User-Agent': this.config.userAgent ?? BROWSER_AGENT, Accept: 'application/json' },
      signal: options.signal,
    });
    const what = `chart ${request.symbol} ${interval}`;
    if (response.status === 429) {
      throw new SourceError(this.name, 'rate-limited', `${what}: HTTP 429 ${snippet(response.text)}`, {
        status: 429,
        retryAfterMs: retryAfterMs(response.headers, this.clock.now()),
      });
    }
    if (response.status >= 500) {
      throw new SourceError(this.name, 'unavailable', `${what}: HTTP ${response.status} ${snippet(response.text)}`, { status: response.status });
    }
    if (/will be right back/i.test(response.text)) {
      throw new SourceError(this.name, 'unavailable', `${what}: outage page (HTTP ${response.status})`, { status: response.status });
    }
    if (response.status >= 400) {
      // 404 unknown symbol, 422 range beyond limits: the request's fault, whatever the body.
      throw new SourceError(this.name, 'rejected', `${what}: HTTP ${response.status} ${chartErrorText(response.text)}`, { status: response.status });
    }
    const parsed = parseYahooChart(this.name, parseJsonBody(this.name, response, what), window, delivers);
    const bars =
      delivers === request.timeframe
        ? parsed.bars
        : aggregateBars(parsed.bars, request.timeframe).filter((bar) => bar.time >= request.from && bar.time < request.to);
    return { source: this.name, bars, dropped: parsed.dropped };
  }
}

/** "code: description" of a chart.error body, or the start of any other body. */
function chartErrorText(text: string): string {
  try {
    const body = JSON.parse(text) as unknown;
    const chart = isRecord(body) ? body['chart'] : undefined;
    const error = isRecord(chart) ? chart['error'] : undefined;
    if (isRecord(error)) return `${String(error['code'])}: ${String(error['description'])}`;
  } catch {
    // Not JSON: fall through to the raw text.
  }
  return snippet(text);
}
