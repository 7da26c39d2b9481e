import { ManualClock } from '@trading/domain';
import { IgMockServer } from './ig.mock-server';
import { sharedH1Bars2025 } from './shared-bars.fixture';

const credentials = { apiKey: 'IGKEY-1', identifier: 'demo_user', password: 'p4ss-w0rd!' };
const SECOND = 1000;

interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

describe('IgMockServer v3 OAuth tokens over HTTP', () => {
  let mock: IgMockServer;
  let clock: ManualClock;

  beforeEach(async () => {
    clock = new ManualClock(Date.UTC(2025, 8, 3, 12));
    mock = await IgMockServer.start({ ...credentials, h1Bars: { EURUSD: sharedH1Bars2025('EURUSD') }, clock });
  });
  afterEach(() => mock.close());

  async function post(path: string, version: string, body: string): Promise<Answer> {
    const response = await fetch(`${mock.url}${path}`, {
      method: 'POST',
      headers: { 'X-IG-API-KEY': credentials.apiKey, 'Content-Type': 'application/json', Version: version },
      body,
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  async function login(): Promise<Record<string, unknown>> {
    const answer = await post('/session', '3', JSON.stringify({ identifier: credentials.identifier, password: credentials.password }));
    expect(answer.status).toBe(200);
    return answer.body['oauthToken'] as Record<string, unknown>;
  }

  function refresh(refreshToken: unknown): Promise<Answer> {
    return post('/session/refresh-token', '1', JSON.stringify({ refresh_token: refreshToken }));
  }

  async function pricesStatus(accessToken: unknown): Promise<number> {
    const query = 'resolution=HOUR&from=2025-09-02T00:00:00&to=2025-09-02T23:59:59&pageSize=0';
    const response = await fetch(`${mock.url}/prices/CS.D.EURUSD.CFD.IP?${query}`, {
      headers: { 'X-IG-API-KEY': credentials.apiKey, Authorization: `Bearer ${String(accessToken)}`, 'IG-ACCOUNT-ID': 'ABC123', Version: '3' },
    });
    await response.arrayBuffer();
    return response.status;
  }

  it('logs in with an OAuth token whose access token works until expires_in runs out on the clock', async () => {
    const token = await login();
    expect(token).toEqual({ access_token: mock.issued[0], refresh_token: mock.issued[1], scope: 'profile', token_type: 'Bearer', expires_in: '60' });
    clock.advance(60 * SECOND - 1);
    expect(await pricesStatus(token['access_token'])).toBe(200);
    clock.advance(1);
    expect(await pricesStatus(token['access_token'])).toBe(401);
  });

  it('exchanges a refresh token once for a bare new token object, before or after the access token expired', async () => {
    const first = await login();
    clock.advance(90 * SECOND);
    const renewed = await refresh(first['refresh_token']);
    expect(renewed).toEqual({
      status: 200,
      body: { access_token: mock.issued[2], refresh_token: mock.issued[3], scope: 'profile', token_type: 'Bearer', expires_in: '60' },
    });
    expect(await pricesStatus(renewed.body['access_token'])).toBe(200);
    expect(await refresh(first['refresh_token'])).toEqual({ status: 401, body: { errorCode: 'error.security.oauth-token-invalid' } });
    expect([mock.logins, mock.refreshes, mock.refusedRefreshes]).toEqual([1, 1, 1]);
  });

  it('refuses an unknown refresh token, one that has died, and one voided by weekend maintenance', async () => {
    const refused = { status: 401, body: { errorCode: 'error.security.oauth-token-invalid' } };
    expect(await refresh('tok-unknown')).toEqual(refused);
    const dying = await login();
    clock.advance(600 * SECOND);
    expect(await refresh(dying['refresh_token'])).toEqual(refused);
    const voided = await login();
    mock.expireAllTokens();
    expect(await refresh(voided['refresh_token'])).toEqual(refused);
    expect([mock.refreshes, mock.refusedRefreshes]).toEqual([0, 3]);
  });

  it('keeps refresh tokens working when only the access tokens die', async () => {
    const token = await login();
    mock.expireAccessTokens();
    expect(await pricesStatus(token['access_token'])).toBe(401);
    expect((await refresh(token['refresh_token'])).status).toBe(200);
  });

  it('answers a refresh without a refresh_token or with a body that is not JSON with a validation error', async () => {
    expect(await post('/session/refresh-token', '1', '{}')).toEqual({
      status: 400,
      body: { errorCode: 'validation.null-not-allowed.request.refresh_token' },
    });
    expect(await post('/session/refresh-token', '1', '{"refresh_token":')).toEqual({ status: 400, body: { errorCode: 'invalid.input' } });
    expect(mock.refusedRefreshes).toBe(0);
  });
});
