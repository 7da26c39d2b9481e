// A local stand-in for Alpha Vantage's /query FX endpoints serving real bars
// as Alpha Vantage shapes them (string numbers, newest-first keys, the
// interval inside the series key), with its HTTP-200 "errors" switchable:
// per-minute Note, daily-quota and premium Information, demo key, Error
// Message, {}; plus 500, malformed JSON and a server that never answers.
import type { ServerResponse } from 'node:http';
import { instrumentFor, type Bar } from '@trading/domain';
import { aggregateBars } from '../sources/bar-aggregation';
import { ScenarioMockServer, sendJson, sendText, type RecordedRequest } from './mock-http.server';

export type AlphaVantageScenario =
  | 'healthy'
  | 'minute-limit-note'
  | 'daily-limit'
  | 'premium'
  | 'demo-key'
  | 'error-message'
  | 'empty-object'
  | 'server-error'
  | 'malformed-json'
  | 'hang';

export const ALPHA_VANTAGE_TEXTS = {
  minuteNote:
    'Thank you for using Alpha Vantage! Our standard API call frequency is 5 calls per minute and 500 calls per day. Please visit https://www.alphavantage.co/premium/ if you would like to target a higher API call frequency.',
  dailyLimit:
    'Thank you for using Alpha Vantage! Our standard API rate limit is 25 requests per day. Please subscribe to any of the premium plans at https://www.alphavantage.co/premium/ to instantly remove all daily rate limits.',
  premium:
    'Thank you for using Alpha Vantage! This is a premium endpoint. You may subscribe to any of the premium plans at https://www.alphavantage.co/premium/ to instantly unlock all premium endpoints',
  demoKey: 'The **demo** API key is for demo purposes only. Please claim your free API key at (https://www.alphavantage.co/support/#api-key) to explore our full API offerings. It takes fewer than 20 seconds.',
  invalidCall: (fn: string) => `Invalid API call. Please retry or visit the documentation (https://www.alphavantage.co/documentation/) for ${fn}.`,
  badKey: 'the parameter apikey is invalid or missing. Please claim your free API key on (https://www.alphavantage.co/support/#api-key). It should take less than 20 seconds.',
} as const;

export interface AlphaVantageMockOptions {
  readonly apiKey: string;
  /** Real H1 bars per symbol; 60min is served as is, FX_DAILY aggregated. */
  readonly h1Bars: Readonly<Record<string, readonly Bar[]>>;
}

export class AlphaVantageMockServer extends ScenarioMockServer<AlphaVantageScenario> {
  private constructor(
    private readonly options: AlphaVantageMockOptions,
  ) {
    super('healthy');
  }

  static start(options: AlphaVantageMockOptions): Promise<AlphaVantageMockServer> {
    return ScenarioMockServer.listen(new AlphaVantageMockServer(options));
  }

  protected handle(request: RecordedRequest, response: ServerResponse): void {
    const scenario = this.nextScenario();
    switch (scenario) {
      case 'hang':
        return;
      case 'server-error':
        return sendText(response, 502, '<html><body>502 Bad Gateway</body></html>', 'text/html');
      case 'malformed-json':
        return sendText(response, 200, '{"Meta Data": {"1. Information": "FX Intraday', 'application/json');
      case 'minute-limit-note':
        return sendJson(response, 200, { Note: ALPHA_VANTAGE_TEXTS.minuteNote });
      case 'daily-limit':
        return sendJson(response, 200, { Information: ALPHA_VANTAGE_TEXTS.dailyLimit });
      case 'premium':
        return sendJson(response, 200, { Information: ALPHA_VANTAGE_TEXTS.premium });
      case 'demo-key':
        return sendJson(response, 200, { Information: ALPHA_VANTAGE_TEXTS.demoKey });
      case 'empty-object':
        return sendJson(response, 200, {});
      default:
        break;
    }
    const fn = request.query.get('function') ?? '';
    if (request.path !== '/query') return sendJson(response, 404, { detail: 'Not Found' });
    if (request.query.get('apikey') !== this.options.apiKey) return sendJson(response, 200, { 'Error Message': ALPHA_VANTAGE_TEXTS.badKey });
    const symbol = `${request.query.get('from_symbol') ?? ''}${request.query.get('to_symbol') ?? ''}`;
    const h1 = this.options.h1Bars[symbol];
    const interval = request.query.get('interval');
    const valid = h1 !== undefined && (fn === 'FX_DAILY' || (fn === 'FX_INTRADAY' && interval === '60min'));
    if (scenario === 'error-message' || !valid) return sendJson(response, 200, { 'Error Message': ALPHA_VANTAGE_TEXTS.invalidCall(fn) });

    const compact = (request.query.get('outputsize') ?? 'compact') === 'compact';
    const all = fn === 'FX_DAILY' ? aggregateBars(h1, 'D1') : h1;
    const bars = compact ? all.slice(-100) : all;
    const decimals = instrumentFor(symbol).precision;
    const stamp = (time: number): string => {
      const iso = new Date(time).toISOString();
      return fn === 'FX_DAILY' ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
    };
    const series: Record<string, Record<string, string>> = {};
    for (let i = bars.length - 1; i >= 0; i--) {
      const bar = bars[i];
      series[stamp(bar.time)] = {
        '1. open': bar.open.toFixed(decimals),
        '2. high': bar.high.toFixed(decimals),
        '3. low': bar.low.toFixed(decimals),
        '4. close': bar.close.toFixed(decimals),
      };
    }
    const last = bars.length > 0 ? stamp(bars[bars.length - 1].time) : '';
    const outputSize = compact ? 'Compact' : 'Full size';
    const from = symbol.slice(0, 3);
    const to = symbol.slice(3);
    if (fn === 'FX_DAILY') {
      return sendJson(response, 200, {
        'Meta Data': {
          '1. Information': 'Forex Daily Prices (open, high, low, close)',
          '2. From Symbol': from,
          '3. To Symbol': to,
          '4. Output Size': outputSize,
          '5. Last Refreshed': last,
          '6. Time Zone': 'UTC',
        },
        'Time Series FX (Daily)': series,
      });
    }
    sendJson(response, 200, {
      'Meta Data': {
        '1. Information': 'FX Intraday (60min) Time Series',
        '2. From Symbol': from,
        '3. To Symbol': to,
        '4. Last Refreshed': last,
        '5. Interval': '60min',
        '6. Output Size': outputSize,
        '7. Time Zone': 'UTC',
      },
      'Time Series FX (60min)': series,
    });
  }
}
