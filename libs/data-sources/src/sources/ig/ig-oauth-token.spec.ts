import { SourceError } from '../source.error';
import { parseIgOauthToken, parseSessionBody } from './ig-oauth-token';

const ACCESS = '702f6580-25c7-4c04-931d-6000efa824f8';
const REFRESH = 'a9cec2d7-fd01-4d16-a2dd-7427ef6a471d';
const SENT_AT = Date.UTC(2025, 8, 3, 12);
const token = { access_token: ACCESS, refresh_token: REFRESH, scope: 'profile', token_type: 'Bearer', expires_in: '60' };

function thrown(action: () => unknown): SourceError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(SourceError);
    return error as SourceError;
  }
  throw new Error('expected a SourceError');
}

describe('parseIgOauthToken', () => {
  it('keeps both tokens and refreshes 5 s before expires_in, counted from when the request was sent', () => {
    expect(parseIgOauthToken('ig', token, 'login v3', SENT_AT)).toEqual({ accessToken: ACCESS, refreshToken: REFRESH, refreshAt: SENT_AT + 55_000 });
  });

  it.each([
    [30, 25_000],
    ['30', 25_000],
    ['8', 6_000],
  ])('reads expires_in %p (string or number) and keeps at most a quarter of a short lifetime as margin', (expiresIn, after) => {
    expect(parseIgOauthToken('ig', { ...token, expires_in: expiresIn }, 'refresh-token v1', SENT_AT).refreshAt).toBe(SENT_AT + after);
  });

  it.each([
    [{ ...token, access_token: undefined }, 'login v3: OAuth token lacks access_token'],
    [{ ...token, refresh_token: '' }, 'login v3: OAuth token lacks refresh_token'],
    [{ ...token, token_type: 'MAC' }, 'login v3: OAuth token_type is "MAC", expected "Bearer"'],
    [{ ...token, expires_in: 'soon' }, 'login v3: OAuth expires_in is "soon", expected a positive number of seconds'],
    [{ ...token, expires_in: 0 }, 'login v3: OAuth expires_in is 0, expected a positive number of seconds'],
    [{ ...token, expires_in: undefined }, 'login v3: OAuth expires_in is missing, expected a positive number of seconds'],
    [ACCESS, 'login v3: no OAuth token object'],
  ])('names what is wrong with a bad token object, without quoting a token (%#)', (value, message) => {
    const error = thrown(() => parseIgOauthToken('ig', value, 'login v3', SENT_AT));
    expect([error.kind, error.message]).toEqual(['malformed', `ig: malformed: ${message}`]);
    expect(error.message).not.toContain(ACCESS);
    expect(error.message).not.toContain(REFRESH);
  });
});

describe('parseSessionBody', () => {
  it('reports a body cut short without quoting it', () => {
    const text = `{"access_token":"${ACCESS}","refr`;
    const error = thrown(() => parseSessionBody('ig', { status: 200, headers: new Headers(), text }, 'refresh-token v1'));
    expect(error.message).toBe(`ig: malformed: refresh-token v1: HTTP 200 body is not JSON (${text.length} characters, not shown: it may hold tokens)`);
  });
});
