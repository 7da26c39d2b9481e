import { ManualClock } from '@trading/domain';
import { IgMockServer, type IgMockOptions } from '../../testing/ig.mock-server';
import { barsBetween, sharedH1Bars2025 } from '../../testing/shared-bars.fixture';
import { IgPricesSource } from './ig-prices.source';
import { sourceFailure } from '../../testing/source-failure';

const eurusd = sharedH1Bars2025('EURUSD');
const from = Date.UTC(2025, 8, 2);
const to = Date.UTC(2025, 8, 3);
const request = { symbol: 'EURUSD', timeframe: 'H1', from, to } as const;
const realBars = barsBetween(eurusd, from, to);
const credentials = { apiKey: 'IGKEY-1', identifier: 'demo_user', password: 'p4ss-w0rd!' };
const PRICES = '/prices/CS.D.EURUSD.CFD.IP';
const REFRESH = '/session/refresh-token';
const SECOND = 1000;

describe('IgSession v3 token refresh against the local IG mock', () => {
  const mocks: IgMockServer[] = [];
  afterAll(() => Promise.all(mocks.map((m) => m.close())));

  interface Fixture {
    readonly mock: IgMockServer;
    readonly source: IgPricesSource;
    readonly clock: ManualClock;
    /** Request paths after the first login and prices request. */
    readonly pathsSinceFirstFetch: () => string[];
  }

  /** A v3 source, logged in by one fetch at the start of the clock. */
  async function loggedIn(mockOptions: Partial<Omit<IgMockOptions, 'clock'>> = {}): Promise<Fixture> {
    const clock = new ManualClock(Date.UTC(2025, 8, 3, 12));
    const mock = await IgMockServer.start({ ...credentials, h1Bars: { EURUSD: eurusd }, clock, ...mockOptions });
    mocks.push(mock);
    const source = new IgPricesSource({ baseUrl: mock.url, ...credentials, apiVersion: 3 }, clock);
    expect((await source.fetchBars(request)).bars).toEqual(realBars);
    expect(mock.requests.map((r) => r.path)).toEqual(['/session', PRICES]);
    return { mock, source, clock, pathsSinceFirstFetch: () => mock.requests.slice(2).map((r) => r.path) };
  }

  function refreshBodies(mock: IgMockServer): unknown[] {
    return mock.requests.filter((r) => r.path === REFRESH).map((r) => JSON.parse(r.body) as unknown);
  }

  it('refreshes the access token a little before it expires, with the login refresh token, instead of logging in', async () => {
    const { mock, source, clock, pathsSinceFirstFetch } = await loggedIn();
    const [loginAccess, loginRefresh] = mock.issued;
    clock.advance(54 * SECOND);
    await source.fetchBars(request);
    expect(pathsSinceFirstFetch()).toEqual([PRICES]);
    clock.advance(2 * SECOND);
    expect((await source.fetchBars(request)).bars).toEqual(realBars);
    expect(pathsSinceFirstFetch()).toEqual([PRICES, REFRESH, PRICES]);
    const [refresh, prices] = mock.requests.slice(-2);
    expect([refresh.method, refresh.headers['version'], refresh.headers['x-ig-api-key'], refresh.headers['authorization']]).toEqual([
      'POST',
      '1',
      'IGKEY-1',
      undefined,
    ]);
    expect(JSON.parse(refresh.body)).toEqual({ refresh_token: loginRefresh });
    expect(prices.headers['authorization']).toBe(`Bearer ${mock.issued[2]}`);
    expect(mock.issued[2]).not.toBe(loginAccess);
    expect(prices.headers['ig-account-id']).toBe('ABC123');
    expect([mock.logins, mock.refreshes, mock.refusedRefreshes]).toEqual([1, 1, 0]);
    expect([source.session.logins, source.session.refreshes]).toEqual([1, 1]);
  });

  it('sends each new refresh token once: three refreshes in a row need no login', async () => {
    const { mock, source, clock } = await loggedIn();
    for (let i = 0; i < 3; i++) {
      clock.advance(56 * SECOND);
      expect((await source.fetchBars(request)).bars).toEqual(realBars);
    }
    // Each token object issues an access token then a refresh token.
    expect(refreshBodies(mock)).toEqual([1, 3, 5].map((i) => ({ refresh_token: mock.issued[i] })));
    expect([mock.logins, mock.refreshes, mock.refusedRefreshes]).toEqual([1, 3, 0]);
  });

  it('reads expires_in sent as a number and refreshes 5 s before it runs out', async () => {
    const { source, clock, pathsSinceFirstFetch } = await loggedIn({ accessTokenSeconds: 30, expiresInAsNumber: true });
    clock.advance(24 * SECOND);
    await source.fetchBars(request);
    expect(pathsSinceFirstFetch()).toEqual([PRICES]);
    clock.advance(1 * SECOND);
    await source.fetchBars(request);
    expect(pathsSinceFirstFetch()).toEqual([PRICES, REFRESH, PRICES]);
  });

  it.each([401, 403] as const)('refreshes and replays when a request is refused with oauth-token-invalid (HTTP %i)', async (tokenErrorStatus) => {
    const { mock, source, pathsSinceFirstFetch } = await loggedIn({ tokenErrorStatus });
    mock.expireAccessTokens();
    expect((await source.fetchBars(request)).bars).toEqual(realBars);
    expect(pathsSinceFirstFetch()).toEqual([PRICES, REFRESH, PRICES]);
    expect([mock.logins, mock.refreshes, mock.refusedRefreshes]).toEqual([1, 1, 0]);
  });

  it('logs in exactly once when the refresh token has died (10 minutes after issue)', async () => {
    const { mock, source, clock, pathsSinceFirstFetch } = await loggedIn();
    clock.advance(601 * SECOND);
    expect((await source.fetchBars(request)).bars).toEqual(realBars);
    expect(pathsSinceFirstFetch()).toEqual([REFRESH, '/session', PRICES]);
    expect([mock.logins, mock.refreshes, mock.refusedRefreshes]).toEqual([2, 0, 1]);
    expect([source.session.logins, source.session.refreshes]).toEqual([2, 1]);
  });

  it('logs in exactly once after weekend maintenance voided the access and refresh tokens', async () => {
    const { mock, source, pathsSinceFirstFetch } = await loggedIn();
    mock.expireAllTokens();
    expect((await source.fetchBars(request)).bars).toEqual(realBars);
    expect(pathsSinceFirstFetch()).toEqual([PRICES, REFRESH, '/session', PRICES]);
    expect([mock.logins, mock.refreshes, mock.refusedRefreshes]).toEqual([2, 0, 1]);
  });

  it('shares one refresh among concurrent callers', async () => {
    const { mock, source, clock } = await loggedIn();
    clock.advance(56 * SECOND);
    const results = await Promise.all([1, 2, 3].map(() => source.fetchBars(request)));
    expect(results.map((r) => r.bars)).toEqual([realBars, realBars, realBars]);
    expect([mock.logins, mock.refreshes, source.session.refreshes]).toEqual([1, 1, 1]);
  });

  it('does not fail a caller because another caller it shared a refresh with aborted', async () => {
    const { mock, source, clock } = await loggedIn();
    clock.advance(56 * SECOND);
    mock.queued.push('hang');
    const refreshArrived = mock.arrival(REFRESH);
    const controller = new AbortController();
    const abandoned = source.fetchBars(request, { signal: controller.signal });
    const other = source.fetchBars(request);
    await refreshArrived;
    controller.abort();
    expect((await sourceFailure(abandoned)).kind).toBe('aborted');
    expect((await other).bars).toEqual(realBars);
    // The abandoned refresh was never answered, so its token was still good for the other caller's.
    expect(refreshBodies(mock)).toEqual([{ refresh_token: mock.issued[1] }, { refresh_token: mock.issued[1] }]);
    expect([mock.logins, mock.refreshes, source.session.refreshes]).toEqual([1, 1, 2]);
  });

  it('keeps the refresh token after a refresh answered 500, surfacing a retryable error without logging in', async () => {
    const { mock, source, clock } = await loggedIn();
    clock.advance(56 * SECOND);
    mock.queued.push('server-error');
    const error = await sourceFailure(source.fetchBars(request));
    expect([error.kind, error.retryable, error.status]).toEqual(['unavailable', true, 500]);
    expect((await source.fetchBars(request)).bars).toEqual(realBars);
    expect(refreshBodies(mock)).toEqual([{ refresh_token: mock.issued[1] }, { refresh_token: mock.issued[1] }]);
    expect([mock.logins, mock.refreshes]).toEqual([1, 1]);
  });

  it('surfaces a token refused again after a token refresh as an auth error', async () => {
    const { mock, source } = await loggedIn();
    mock.queued.push('tokens-always-invalid', 'healthy', 'tokens-always-invalid');
    const error = await sourceFailure(source.fetchBars(request));
    expect([error.kind, error.retryable]).toEqual(['auth', false]);
    expect(error.message).toContain('token refused again after a token refresh (HTTP 401 error.security.oauth-token-invalid)');
    expect([mock.logins, mock.refreshes]).toEqual([1, 1]);
  });

  it('never puts the password, the API key or a token into an error message', async () => {
    const { mock, source, clock } = await loggedIn();
    clock.advance(56 * SECOND);
    mock.queued.push('malformed-json');
    const cutShort = await sourceFailure(source.fetchBars(request));
    expect(cutShort.kind).toBe('malformed');
    expect(cutShort.message).toContain('refresh-token v1: HTTP 200 body is not JSON');
    // The cut-short answer used up the refresh token: the next fetch is refused it and logs in.
    expect((await source.fetchBars(request)).bars).toEqual(realBars);
    expect([mock.logins, mock.refreshes, mock.refusedRefreshes]).toEqual([2, 1, 1]);
    const badLogin = new IgPricesSource({ baseUrl: mock.url, ...credentials, password: 'wrong-secret', apiVersion: 3 }, clock);
    const refused = await sourceFailure(badLogin.fetchBars(request));
    const secrets = [credentials.password, 'wrong-secret', credentials.apiKey, ...mock.issued];
    expect(mock.issued).toHaveLength(6);
    for (const message of [cutShort.message, refused.message]) {
      for (const secret of [...secrets, 'tok-']) expect(message).not.toContain(secret);
    }
  });
});
