// IG historical prices (GET /prices/{epic}, v3) as a market-data source,
// through an IgSession that handles login, token refresh and re-login.
// Pages are followed until pageNumber reaches totalPages. The weekly
// historical allowance is a non-retryable rate limit: a loop would burn it.
import { instrumentFor, type Bar, type Clock, type Timeframe } from '@trading/domain';
import { parseJsonBody } from '../http/http-request';
import {
  assertValidRequest,
  type BarRequest,
  type DroppedRow,
  type FetchOptions,
  type MarketDataSource,
  type SourceResult,
} from '../market-data-source.port';
import { SourceError } from '../source.error';
import { igError } from './ig-error.classifier';
import { parseIgPricesPage } from './ig-prices.parser';
import { IgSession, type IgCredentials } from './ig-session';

export const IG_RESOLUTIONS: Readonly<Record<Timeframe, string>> = {
  M1: 'MINUTE',
  M5: 'MINUTE_5',
  M15: 'MINUTE_15',
  M30: 'MINUTE_30',
  H1: 'HOUR',
  H4: 'HOUR_4',
  D1: 'DAY',
};

export interface IgPricesSourceConfig extends IgCredentials {
  /** Symbol → epic; defaults to the CFD epic CS.D.{SYMBOL}.CFD.IP. */
  readonly epics?: Readonly<Record<string, string>>;
  /** Candles per page (0 disables paging on IG's side). */
  readonly pageSize?: number;
  readonly name?: string;
}

const MAX_PAGES = 1000;

export class IgPricesSource implements MarketDataSource {
  readonly name: string;
  readonly session: IgSession;

  /** `clock` times the v3 access token's proactive refresh. */
  constructor(
    private readonly config: IgPricesSourceConfig,
    clock: Clock,
  ) {
    this.name = config.name ?? 'ig';
    this.session = new IgSession(config, this.name, clock);
  }

  epicFor(symbol: string): string {
    const instrument = instrumentFor(symbol);
    return this.config.epics?.[instrument.symbol] ?? `CS.D.${instrument.symbol}.CFD.IP`;
  }

  async fetchBars(request: BarRequest, options: FetchOptions = {}): Promise<SourceResult> {
    assertValidRequest(request);
    const epic = this.epicFor(request.symbol);
    const query = new URLSearchParams({
      resolution: IG_RESOLUTIONS[request.timeframe],
      from: igDateTime(request.from),
      // IG reads "to" inclusively; the window is half-open.
      to: igDateTime(request.to - 1000),
      pageSize: String(this.config.pageSize ?? 500),
    });
    const bars: Bar[] = [];
    const dropped: DroppedRow[] = [];
    for (let page = 1; page <= MAX_PAGES; page++) {
      query.set('pageNumber', String(page));
      const what = `prices ${epic} ${query.get('resolution')} page ${page}`;
      const response = await this.session.get(`/prices/${encodeURIComponent(epic)}?${query.toString()}`, 3, options.signal, what);
      if (response.status !== 200) throw igError(this.name, what, response);
      const parsed = parseIgPricesPage(this.name, parseJsonBody(this.name, response, what), request);
      bars.push(...parsed.bars);
      dropped.push(...parsed.dropped);
      if (parsed.pageNumber >= parsed.totalPages) return { source: this.name, bars, dropped };
    }
    throw new SourceError(this.name, 'malformed', `prices ${epic}: more than ${MAX_PAGES} pages`);
  }
}

/** yyyy-MM-ddTHH:mm:ss in UTC, the form /prices takes. */
function igDateTime(time: number): string {
  return new Date(time).toISOString().slice(0, 19);
}
