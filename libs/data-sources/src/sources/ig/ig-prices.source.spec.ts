import { ManualClock } from '@trading/domain';
import { IgMockServer, type IgMockOptions } from '../../testing/ig.mock-server';
import { barsBetween, sharedH1Bars2025 } from '../../testing/shared-bars.fixture';
import { IgPricesSource, type IgPricesSourceConfig } from './ig-prices.source';
import { sourceFailure } from '../../testing/source-failure';

const eurusd = sharedH1Bars2025('EURUSD');
const from = Date.UTC(2025, 8, 2);
const to = Date.UTC(2025, 8, 3);
const request = { symbol: 'EURUSD', timeframe: 'H1', from, to } as const;
const realBars = barsBetween(eurusd, from, to);
const credentials = { apiKey: 'IGKEY-1', identifier: 'demo_user', password: 'p4ss-w0rd!' };

describe('IgPricesSource against the local IG mock', () => {
  const mocks: IgMockServer[] = [];
  afterAll(() => Promise.all(mocks.map((m) => m.close())));

  async function setup(
    config: Partial<IgPricesSourceConfig> = {},
    mockOptions: Partial<Omit<IgMockOptions, 'clock'>> = {},
  ): Promise<{ mock: IgMockServer; source: IgPricesSource }> {
    // The source and the server read one clock that only moves when a test says so.
    const clock = new ManualClock(Date.UTC(2025, 8, 3, 12));
    const mock = await IgMockServer.start({ ...credentials, h1Bars: { EURUSD: eurusd }, clock, ...mockOptions });
    mocks.push(mock);
    return { mock, source: new IgPricesSource({ baseUrl: mock.url, ...credentials, ...config }, clock) };
  }

  it('logs in with v2, sends CST and X-SECURITY-TOKEN, and turns bid/ask candles into the real mid bars with spread', async () => {
    const { mock, source } = await setup();
    const result = await source.fetchBars(request);
    const [login, prices] = mock.requests;
    expect([login.method, login.path, login.headers['version']]).toEqual(['POST', '/session', '2']);
    expect(JSON.parse(login.body)).toEqual({ identifier: 'demo_user', password: 'p4ss-w0rd!', encryptedPassword: false });
    expect(prices.path).toBe('/prices/CS.D.EURUSD.CFD.IP');
    expect(prices.headers['version']).toBe('3');
    expect(prices.query.get('resolution')).toBe('HOUR');
    expect(prices.query.get('from')).toBe('2025-09-02T00:00:00');
    expect(prices.query.get('to')).toBe('2025-09-02T23:59:59');
    expect(prices.headers['cst']).toMatch(/^tok-/);
    expect(prices.headers['x-security-token']).toMatch(/^tok-/);
    expect(realBars).toHaveLength(24);
    expect(result.bars).toEqual(realBars);
    expect(result.bars[0].spread).toBe(realBars[0].spread);
  });

  it('does not fail a caller because another caller it shared a login with aborted', async () => {
    const { source } = await setup();
    const controller = new AbortController();
    const abandoned = source.fetchBars(request, { signal: controller.signal });
    const other = source.fetchBars(request);
    controller.abort();
    expect((await sourceFailure(abandoned)).kind).toBe('aborted');
    expect((await other).bars).toEqual(realBars);
  });

  it('follows pages until pageNumber reaches totalPages', async () => {
    const { mock, source } = await setup({ pageSize: 10 });
    const result = await source.fetchBars(request);
    expect(mock.requests.filter((r) => r.path.startsWith('/prices')).map((r) => r.query.get('pageNumber'))).toEqual(['1', '2', '3']);
    expect(result.bars).toEqual(realBars);
  });

  it('logs in with v3 and sends the OAuth bearer token with IG-ACCOUNT-ID', async () => {
    const { mock, source } = await setup({ apiVersion: 3 });
    const result = await source.fetchBars(request);
    const prices = mock.requests[1];
    expect(mock.requests[0].headers['version']).toBe('3');
    expect(prices.headers['authorization']).toMatch(/^Bearer tok-/);
    expect(prices.headers['ig-account-id']).toBe('ABC123');
    expect(prices.headers['cst']).toBeUndefined();
    expect(result.bars).toEqual(realBars);
  });

  it.each([
    ['401 client-token-invalid', 401],
    ['403 as some fixtures show', 403],
  ] as const)('logs in once more with v2 and replays the request when tokens expire (%s)', async (_name, tokenErrorStatus) => {
    const { mock, source } = await setup({}, { tokenErrorStatus });
    await source.fetchBars(request);
    mock.expireAllTokens();
    const result = await source.fetchBars(request);
    expect(mock.logins).toBe(2);
    expect(source.session.logins).toBe(2);
    expect(result.bars).toEqual(realBars);
  });

  it('surfaces a token refused again after the one re-login as an auth error', async () => {
    const { mock, source } = await setup();
    mock.scenario = 'tokens-always-invalid';
    const error = await sourceFailure(source.fetchBars(request));
    expect([error.kind, error.retryable]).toEqual(['auth', false]);
    expect(error.message).toContain('token refused again after a fresh login (HTTP 401 error.security.client-token-invalid)');
    expect(mock.logins).toBe(2);
  });

  it('reports bad credentials as auth without leaking the password', async () => {
    const { source } = await setup({ password: 'wrong-secret' });
    const error = await sourceFailure(source.fetchBars(request));
    expect([error.kind, error.retryable]).toEqual(['auth', false]);
    expect(error.message).toContain('error.security.invalid-details');
    expect(error.message).not.toContain('wrong-secret');
  });

  it('reports the per-key allowance as a retryable rate limit', async () => {
    const { mock, source } = await setup();
    mock.scenario = 'api-key-allowance';
    const error = await sourceFailure(source.fetchBars(request));
    expect([error.kind, error.retryable, error.status]).toEqual(['rate-limited', true, 403]);
  });

  it('reports the spent weekly historical allowance as a rate limit that must not be retried', async () => {
    const { source } = await setup({}, { historicalAllowance: 5 });
    const error = await sourceFailure(source.fetchBars(request));
    expect([error.kind, error.retryable]).toEqual(['rate-limited', false]);
    expect(error.message).toContain('exceeded-account-historical-data-allowance');
  });

  it('drops a candle without bid/ask and reports it', async () => {
    const { mock, source } = await setup();
    mock.scenario = 'null-prices';
    const result = await source.fetchBars(request);
    expect(result.dropped).toEqual([{ time: from + 3_600_000, reason: 'missing bid or ask' }]);
    expect(result.bars).toEqual(realBars.filter((_bar, i) => i !== 1));
  });

  it('reports 500 as unavailable, bad JSON as malformed and an unknown epic as rejected', async () => {
    const { mock, source } = await setup({ epics: { EURUSD: 'CS.D.EURUSD.MINI.IP' } });
    expect((await sourceFailure(source.fetchBars(request))).kind).toBe('rejected');
    const { source: cfd } = await setup();
    const cfdMock = mocks[mocks.length - 1];
    cfdMock.scenario = 'server-error';
    expect((await sourceFailure(cfd.fetchBars(request))).kind).toBe('unavailable');
    cfdMock.scenario = 'malformed-json';
    expect((await sourceFailure(cfd.fetchBars(request))).kind).toBe('malformed');
    expect(mock.logins).toBe(1);
  });
});
