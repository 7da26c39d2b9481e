// A local stand-in for Yahoo's chart endpoint serving real bars, with the
// failure modes the connector must survive switchable per test: nulls in the
// price arrays, ragged arrays, a forming bar, the no-data shape, 404 unknown
// symbol, 422 range limit, 429 plain text, the HTML outage page, 500,
// malformed JSON, and a server that never answers.
import type { ServerResponse } from 'node:http';
import type { Bar } from '@trading/domain';
import { aggregateBars } from '../sources/bar-aggregation';
import { ScenarioMockServer, sendJson, sendText, type RecordedRequest } from './mock-http.server';

export type YahooScenario =
  | 'healthy'
  | 'nulls'
  | 'ragged'
  | 'forming-bar'
  | 'no-data'
  | 'range-limit'
  | 'too-many-requests'
  | 'outage-page'
  | 'server-error'
  | 'malformed-json'
  | 'hang';

export interface YahooMockOptions {
  /** Real H1 bars per symbol (EURUSD, ...); 60m is served as is, 1d aggregated. */
  readonly h1Bars: Readonly<Record<string, readonly Bar[]>>;
}

export class YahooMockServer extends ScenarioMockServer<YahooScenario> {
  private constructor(
    private readonly h1Bars: Readonly<Record<string, readonly Bar[]>>,
  ) {
    super('healthy');
  }

  static start(options: YahooMockOptions): Promise<YahooMockServer> {
    return ScenarioMockServer.listen(new YahooMockServer(options.h1Bars));
  }

  protected handle(request: RecordedRequest, response: ServerResponse): void {
    const scenario = this.nextScenario();
    if (scenario === 'hang') return;
    if (scenario === 'too-many-requests') return sendText(response, 429, 'Edge: Too Many Requests');
    if (scenario === 'outage-page') {
      return sendText(response, 503, '<html><body><h1>Will be right back...</h1></body></html>', 'text/html');
    }
    if (scenario === 'server-error') return sendText(response, 500, 'Internal Server Error');
    if (scenario === 'malformed-json') return sendText(response, 200, '{"chart":{"result":[{"meta":{"currency":"USD"', 'application/json');

    const match = /^\/v8\/finance\/chart\/([A-Z]{6})=X$/.exec(request.path);
    const bars = match ? this.h1Bars[match[1]] : undefined;
    if (!match || !bars) {
      return sendJson(response, 404, {
        chart: { result: null, error: { code: 'Not Found', description: 'No data found, symbol may be delisted' } },
      });
    }
    const interval = request.query.get('interval') ?? '1d';
    const period1 = Number(request.query.get('period1'));
    const period2 = Number(request.query.get('period2'));
    if (scenario === 'range-limit') {
      return sendJson(response, 422, {
        chart: {
          result: null,
          error: {
            code: 'Unprocessable Entity',
            description: `1h data not available for startTime=${period1} and endTime=${period2}. The requested range must be within the last 730 days.`,
          },
        },
      });
    }
    const served = this.barsFor(bars, interval).filter((bar) => bar.time >= period1 * 1000 && bar.time < period2 * 1000);
    if (scenario === 'no-data' || served.length === 0) return sendJson(response, 200, chartBody(match[1], interval, undefined));
    const body = chartBody(match[1], interval, served);
    const quote = body.chart.result[0].indicators.quote[0] as QuoteArrays;
    const timestamps = body.chart.result[0].timestamp ?? [];
    if (scenario === 'nulls') {
      // Yahoo leaves holes at an index while keeping its timestamp.
      for (let i = 3; i < timestamps.length; i += 10) quote.close[i] = null;
      for (let i = 5; i < timestamps.length; i += 10) quote.open[i] = null;
    }
    if (scenario === 'ragged') {
      quote.close.length = Math.max(0, quote.close.length - 2);
    }
    if (scenario === 'forming-bar') {
      const last = served[served.length - 1];
      timestamps.push(Math.floor(last.time / 1000) + 1234);
      for (const key of ['open', 'high', 'low', 'close'] as const) quote[key].push(Math.fround(last.close));
      quote.volume.push(0);
    }
    sendJson(response, 200, body);
  }

  private barsFor(h1: readonly Bar[], interval: string): readonly Bar[] {
    if (interval === '60m' || interval === '1h') return h1;
    if (interval === '1d') return aggregateBars(h1, 'D1').map((bar) => ({ ...bar, time: londonMidnight(bar.time) }));
    return [];
  }
}

interface QuoteArrays {
  open: Array<number | null>;
  high: Array<number | null>;
  low: Array<number | null>;
  close: Array<number | null>;
  volume: Array<number | null>;
}

interface ChartBody {
  chart: {
    result: Array<{ meta: Record<string, unknown>; timestamp?: number[]; indicators: { quote: Array<QuoteArrays | Record<string, never>> } }>;
    error: null;
  };
}

function chartBody(symbol: string, interval: string, bars: readonly Bar[] | undefined): ChartBody {
  const meta = {
    currency: symbol.slice(3),
    symbol: `${symbol}=X`,
    exchangeName: 'CCY',
    instrumentType: 'CURRENCY',
    gmtoffset: 0,
    timezone: 'GMT',
    exchangeTimezoneName: 'Europe/London',
    priceHint: 4,
    dataGranularity: interval,
  };
  if (!bars) return { chart: { result: [{ meta, indicators: { quote: [{}] } }], error: null } };
  // Yahoo's FX prices are float32 values widened to double.
  const quote: QuoteArrays = {
    open: bars.map((bar) => Math.fround(bar.open)),
    high: bars.map((bar) => Math.fround(bar.high)),
    low: bars.map((bar) => Math.fround(bar.low)),
    close: bars.map((bar) => Math.fround(bar.close)),
    volume: bars.map(() => 0),
  };
  return {
    chart: {
      result: [{ meta, timestamp: bars.map((bar) => Math.floor(bar.time / 1000)), indicators: { quote: [quote] } }],
      error: null,
    },
  };
}

/** UTC ms of London midnight on the UTC day starting at `utcMidnight` (23:00Z the day before in summer time). */
export function londonMidnight(utcMidnight: number): number {
  return isBritishSummerTime(utcMidnight) ? utcMidnight - 3_600_000 : utcMidnight;
}

function isBritishSummerTime(time: number): boolean {
  const year = new Date(time).getUTCFullYear();
  const lastSunday = (month: number): number => {
    const last = new Date(Date.UTC(year, month + 1, 0));
    return Date.UTC(year, month, last.getUTCDate() - last.getUTCDay(), 1);
  };
  return time >= lastSunday(2) && time < lastSunday(9);
}
