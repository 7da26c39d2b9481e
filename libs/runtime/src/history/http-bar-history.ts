// BarHistory over market-data's HTTP API (GET /bars, libs/market-data-service
// bars.route.ts). A window longer than the route serves at once is asked for
// in pieces; every bar that comes back is checked against the market.bar
// schema and the request, so a strategy is never warmed on a malformed or
// foreign bar. Errors name the URL and what was wrong.
import { barClosedSchema, validate } from '@trading/contracts';
import { type Bar, type Timeframe, timeframeMs } from '@trading/domain';
import type { BarHistory } from './bar-history.port';

/** market-data refuses a window of more bars than this (MAX_BARS_PER_REQUEST of its bars route). */
export const BARS_PER_REQUEST = 50_000;

export interface HttpBarHistoryOptions {
  /** market-data's base URL, e.g. http://market-data:9464 */
  readonly baseUrl: string;
  /** Per request. */
  readonly timeoutMs: number;
  /** The fetch to use (the global one by default). */
  readonly fetch?: typeof fetch;
}

export class HttpBarHistory implements BarHistory {
  private readonly baseUrl: string;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: HttpBarHistoryOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.fetch = options.fetch ?? fetch;
  }

  async bars(symbol: string, timeframe: Timeframe, from: number, to: number): Promise<readonly Bar[]> {
    const span = BARS_PER_REQUEST * timeframeMs(timeframe);
    const bars: Bar[] = [];
    for (let start = from; start < to; start += span) bars.push(...(await this.window(symbol, timeframe, start, Math.min(to, start + span))));
    return bars;
  }

  private async window(symbol: string, timeframe: Timeframe, from: number, to: number): Promise<Bar[]> {
    const url = `${this.baseUrl}/bars?symbol=${encodeURIComponent(symbol)}&tf=${timeframe}&from=${from}&to=${to}`;
    let response: Response;
    let text: string;
    try {
      // The timeout covers the body too: a server that stalls mid-answer is given up on as well.
      response = await this.fetch(url, { signal: AbortSignal.timeout(this.options.timeoutMs), headers: { accept: 'application/json' } });
      text = await response.text();
    } catch (error) {
      throw new Error(`cannot reach market-data at ${url} (${describeFailure(error, this.options.timeoutMs)})`, { cause: error });
    }
    if (response.status !== 200) throw new Error(`market-data answered ${response.status} to ${url}: ${errorOf(text)}`);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new Error(`market-data answered ${url} with something other than JSON: ${JSON.stringify(text.slice(0, 80))}`);
    }
    const rows = (body as { bars?: unknown } | null)?.bars;
    if (!Array.isArray(rows)) throw new Error(`market-data answered ${url} without a bars array`);
    let previous = Number.NEGATIVE_INFINITY;
    return rows.map((row: unknown, index) => {
      const checked = validate(barClosedSchema, row, `bars[${index}]`);
      if (!checked.ok) throw new Error(`market-data answered ${url} with an invalid bar: ${checked.reason}`);
      const bar = checked.value;
      if (bar.symbol !== symbol || bar.timeframe !== timeframe || bar.time < from || bar.time >= to || bar.time <= previous) {
        throw new Error(`market-data answered ${url} with bars[${index}] ${bar.symbol} ${bar.timeframe} at ${bar.time}: not of the series and window asked for, in time order`);
      }
      previous = bar.time;
      return bar;
    });
  }
}

function errorOf(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: unknown };
    if (typeof body.error === 'string') return body.error;
  } catch {
    // not JSON: quote it
  }
  return JSON.stringify(text.slice(0, 200));
}

function describeFailure(error: unknown, timeoutMs: number): string {
  // Matched by name: the DOMException fetch throws need not be an Error of this realm.
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (cause && typeof cause.code === 'string') return cause.code === 'ECONNREFUSED' ? 'connection refused' : cause.code;
  return error instanceof Error ? error.message : String(error);
}
