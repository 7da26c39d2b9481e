// A local stand-in for IG's REST session and historical prices endpoints,
// serving real bars as bid/ask candles (mid = the real price, spread = the
// real spread in points). Reproduces v2 header tokens and v3 OAuth logins,
// v3 access tokens that expire after expires_in by the injected clock, the
// single-use refresh tokens of POST /session/refresh-token (which die some
// minutes after issue), token expiry ("weekend maintenance" invalidates every
// token), the weekly historical allowance, per-key allowance errors, paging,
// 500s, malformed JSON and a server that never answers.
import type { ServerResponse } from 'node:http';
import { instrumentFor, pointSize, type Bar, type Clock } from '@trading/domain';
import { aggregateBars } from '../sources/bar-aggregation';
import { roundTo } from '../sources/price-rounding';
import { ScenarioMockServer, sendJson, sendText, type RecordedRequest } from './mock-http.server';

/** Applies to every request but the login (the refresh included): queued first, then `scenario`. */
export type IgScenario = 'healthy' | 'api-key-allowance' | 'server-error' | 'malformed-json' | 'hang' | 'tokens-always-invalid' | 'null-prices';

export interface IgMockOptions {
  readonly apiKey: string;
  readonly identifier: string;
  readonly password: string;
  /** Real H1 bars per symbol, served for epic CS.D.{SYMBOL}.CFD.IP. */
  readonly h1Bars: Readonly<Record<string, readonly Bar[]>>;
  /** The server's time: v3 access and refresh tokens expire by it. */
  readonly clock: Clock;
  /** Candles left in the weekly historical allowance. */
  readonly historicalAllowance?: number;
  /** Status of token errors (IG uses 401; some recorded fixtures show 403). */
  readonly tokenErrorStatus?: 401 | 403;
  /** v3 access token lifetime, served as expires_in (IG: 60). */
  readonly accessTokenSeconds?: number;
  /** v3 refresh token lifetime from issue (IG: "e.g. 10 minutes"). */
  readonly refreshTokenSeconds?: number;
  /** expires_in as a number, as some recorded fixtures show, instead of IG's documented string. */
  readonly expiresInAsNumber?: boolean;
}

const REFRESH_PATH = '/session/refresh-token';

export class IgMockServer extends ScenarioMockServer<IgScenario> {
  logins = 0;
  /** Refresh tokens exchanged for new tokens. */
  refreshes = 0;
  /** Refresh requests refused: unknown, used or expired refresh token (or the tokens-always-invalid scenario). */
  refusedRefreshes = 0;
  /** Every token handed out, so tests can check that none leaks into a message. */
  readonly issued: string[] = [];
  remainingAllowance: number;
  /** Access tokens (v3 bearer, v2 CST and X-SECURITY-TOKEN) → expiry by the clock. */
  private readonly accessTokens = new Map<string, number>();
  /** Unused refresh tokens → expiry by the clock. */
  private readonly refreshTokens = new Map<string, number>();
  private readonly arrivals: { readonly path: string; readonly resolve: (request: RecordedRequest) => void }[] = [];
  private tokenCounter = 0;

  private constructor(
    private readonly options: IgMockOptions,
  ) {
    super('healthy');
    this.remainingAllowance = options.historicalAllowance ?? 10_000;
  }

  static start(options: IgMockOptions): Promise<IgMockServer> {
    return ScenarioMockServer.listen(new IgMockServer(options));
  }

  /** Weekend maintenance: every token issued so far stops working, refresh tokens included. */
  expireAllTokens(): void {
    this.accessTokens.clear();
    this.refreshTokens.clear();
  }

  /** Access tokens die before their time (revoked, or the server's clock runs ahead); refresh tokens still work. */
  expireAccessTokens(): void {
    this.accessTokens.clear();
  }

  /** Resolves when the next request for `path` arrives, before it is answered. */
  arrival(path: string): Promise<RecordedRequest> {
    return new Promise((resolve) => this.arrivals.push({ path, resolve }));
  }

  protected handle(request: RecordedRequest, response: ServerResponse): void {
    if (header(request, 'x-ig-api-key') !== this.options.apiKey) {
      return sendJson(response, 403, { errorCode: 'error.security.api-key-invalid' });
    }
    for (const waiting of this.arrivals.filter((arrival) => arrival.path === request.path)) {
      this.arrivals.splice(this.arrivals.indexOf(waiting), 1);
      waiting.resolve(request);
    }
    if (request.method === 'POST' && request.path === '/session') return this.login(request, response);
    const scenario = this.nextScenario();
    if (scenario === 'hang') return;
    if (request.method === 'POST' && request.path === REFRESH_PATH) return this.refresh(request, response, scenario);
    const tokenProblem = this.checkTokens(request, scenario);
    if (tokenProblem) return sendJson(response, this.options.tokenErrorStatus ?? 401, { errorCode: tokenProblem });
    if (scenario === 'api-key-allowance') return sendJson(response, 403, { errorCode: 'error.public-api.exceeded-api-key-allowance' });
    if (scenario === 'server-error') return sendJson(response, 500, { errorCode: 'system.error' });
    if (scenario === 'malformed-json') return sendText(response, 200, '{"prices":[{"snapshotTime":', 'application/json');
    const match = /^\/prices\/CS\.D\.([A-Z]{6})\.CFD\.IP$/.exec(request.path);
    const h1 = match ? this.options.h1Bars[match[1]] : undefined;
    if (request.method !== 'GET' || !match || !h1) return sendJson(response, 404, { errorCode: 'error.error.price-history.io-error' });
    this.prices(request, response, match[1], h1, scenario);
  }

  private login(request: RecordedRequest, response: ServerResponse): void {
    const body = JSON.parse(request.body || '{}') as { identifier?: string; password?: string };
    if (body.identifier !== this.options.identifier || body.password !== this.options.password) {
      return sendJson(response, 401, { errorCode: 'error.security.invalid-details' });
    }
    this.logins += 1;
    if (header(request, 'version') === '3') {
      return sendJson(response, 200, {
        clientId: '100112233',
        accountId: 'ABC123',
        timezoneOffset: 0,
        lightstreamerEndpoint: 'https://demo-apd.marketdatasystems.com',
        oauthToken: this.oauthToken(),
      });
    }
    const token = this.issueToken(this.accessTokens, Number.POSITIVE_INFINITY);
    const securityToken = this.issueToken(this.accessTokens, Number.POSITIVE_INFINITY);
    sendJson(
      response,
      200,
      { accountType: 'CFD', currencyIsoCode: 'USD', currentAccountId: 'ABC123', lightstreamerEndpoint: 'https://demo-apd.marketdatasystems.com', timezoneOffset: 0 },
      { CST: token, 'X-SECURITY-TOKEN': securityToken },
    );
  }

  /** POST /session/refresh-token v1: a single-use refresh token for a bare new token object. */
  private refresh(request: RecordedRequest, response: ServerResponse, scenario: IgScenario): void {
    if (scenario === 'api-key-allowance') return sendJson(response, 403, { errorCode: 'error.public-api.exceeded-api-key-allowance' });
    if (scenario === 'server-error') return sendJson(response, 500, { errorCode: 'system.error' });
    let body: unknown;
    try {
      body = JSON.parse(request.body);
    } catch {
      return sendJson(response, 400, { errorCode: 'invalid.input' });
    }
    const refreshToken = typeof body === 'object' && body !== null ? (body as { refresh_token?: unknown }).refresh_token : undefined;
    // IG's documented pattern (the field as suffix); the exact code for this endpoint is not documented.
    if (typeof refreshToken !== 'string') return sendJson(response, 400, { errorCode: 'validation.null-not-allowed.request.refresh_token' });
    const expiresAt = this.refreshTokens.get(refreshToken);
    this.refreshTokens.delete(refreshToken);
    if (scenario === 'tokens-always-invalid' || expiresAt === undefined || expiresAt <= this.options.clock.now()) {
      this.refusedRefreshes += 1;
      return sendJson(response, this.options.tokenErrorStatus ?? 401, { errorCode: 'error.security.oauth-token-invalid' });
    }
    this.refreshes += 1;
    const token = this.oauthToken();
    // Cut short just after the new access token, as a dropped connection would.
    if (scenario === 'malformed-json') return sendText(response, 200, JSON.stringify(token).slice(0, 40), 'application/json');
    sendJson(response, 200, token);
  }

  private oauthToken(): Record<string, string | number> {
    const now = this.options.clock.now();
    const accessSeconds = this.options.accessTokenSeconds ?? 60;
    return {
      access_token: this.issueToken(this.accessTokens, now + accessSeconds * 1000),
      refresh_token: this.issueToken(this.refreshTokens, now + (this.options.refreshTokenSeconds ?? 600) * 1000),
      scope: 'profile',
      token_type: 'Bearer',
      expires_in: this.options.expiresInAsNumber ? accessSeconds : String(accessSeconds),
    };
  }

  private checkTokens(request: RecordedRequest, scenario: IgScenario): string | undefined {
    const bearer = header(request, 'authorization');
    if (bearer !== undefined) {
      if (!header(request, 'ig-account-id')) return 'error.public-api.failure.missing.credentials';
      const token = bearer.replace(/^Bearer /, '');
      return scenario === 'tokens-always-invalid' || !this.isLive(token) ? 'error.security.oauth-token-invalid' : undefined;
    }
    const cst = header(request, 'cst');
    const securityToken = header(request, 'x-security-token');
    if (!cst) return 'error.security.client-token-missing';
    if (!securityToken) return 'error.security.account-token-missing';
    if (scenario === 'tokens-always-invalid' || !this.isLive(cst)) return 'error.security.client-token-invalid';
    return this.isLive(securityToken) ? undefined : 'error.security.account-token-invalid';
  }

  private isLive(accessToken: string): boolean {
    return (this.accessTokens.get(accessToken) ?? Number.NEGATIVE_INFINITY) > this.options.clock.now();
  }

  private prices(request: RecordedRequest, response: ServerResponse, symbol: string, h1: readonly Bar[], scenario: IgScenario): void {
    const resolution = request.query.get('resolution') ?? 'MINUTE';
    const from = Date.parse(`${request.query.get('from') ?? ''}Z`);
    const to = Date.parse(`${request.query.get('to') ?? ''}Z`);
    if (!Number.isFinite(from) || !Number.isFinite(to)) return sendJson(response, 400, { errorCode: 'error.malformed.date' });
    if (to < from) return sendJson(response, 400, { errorCode: 'error.invalid.daterange' });
    const series = resolution === 'HOUR' ? h1 : resolution === 'HOUR_4' ? aggregateBars(h1, 'H4') : resolution === 'DAY' ? aggregateBars(h1, 'D1') : [];
    const inRange = series.filter((bar) => bar.time >= from && bar.time <= to);
    const pageSize = Number(request.query.get('pageSize') ?? '20');
    const pageNumber = Number(request.query.get('pageNumber') ?? '1');
    const totalPages = inRange.length === 0 ? 0 : pageSize === 0 ? 1 : Math.ceil(inRange.length / pageSize);
    const page = pageSize === 0 ? inRange : inRange.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
    if (page.length > this.remainingAllowance) {
      return sendJson(response, 403, { errorCode: 'error.public-api.exceeded-account-historical-data-allowance' });
    }
    this.remainingAllowance -= page.length;
    const instrument = instrumentFor(symbol);
    const point = pointSize(instrument);
    const prices = page.map((bar, index) => {
      const half = (bar.spread * point) / 2;
      const side = (mid: number) => ({ bid: roundTo(mid - half, instrument.precision + 1), ask: roundTo(mid + half, instrument.precision + 1), lastTraded: null });
      const iso = new Date(bar.time).toISOString();
      return {
        snapshotTime: `${iso.slice(0, 10).replace(/-/g, '/')} ${iso.slice(11, 19)}`,
        snapshotTimeUTC: iso.slice(0, 19),
        openPrice: scenario === 'null-prices' && index === 1 ? { bid: null, ask: null, lastTraded: null } : side(bar.open),
        highPrice: side(bar.high),
        lowPrice: side(bar.low),
        closePrice: side(bar.close),
        lastTradedVolume: bar.volume,
      };
    });
    sendJson(response, 200, {
      prices,
      instrumentType: 'CURRENCIES',
      metadata: {
        allowance: { remainingAllowance: this.remainingAllowance, totalAllowance: 10_000, allowanceExpiry: 69_976 },
        size: prices.length,
        pageData: { pageSize, pageNumber, totalPages },
      },
    });
  }

  private issueToken(registry: Map<string, number>, expiresAt: number): string {
    this.tokenCounter += 1;
    const token = `tok-${this.tokenCounter.toString(16).padStart(8, '0')}`;
    registry.set(token, expiresAt);
    this.issued.push(token);
    return token;
  }
}

function header(request: RecordedRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
