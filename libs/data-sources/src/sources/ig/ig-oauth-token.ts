// Reads IG's v3 OAuth token object (the `oauthToken` of a v3 login, or the
// bare body of POST /session/refresh-token) and works out when to stop using
// the access token. Session bodies hold live tokens, so no message here ever
// quotes a body or a token: only field names.
import type { HttpResponse } from '../http/http-request';
import { isRecord } from '../http/http-request';
import { SourceError } from '../source.error';

export interface IgOauthToken {
  readonly accessToken: string;
  /** Single use: each refresh answers with a new one. */
  readonly refreshToken: string;
  /** Clock time (ms) from which the access token is refreshed before use. */
  readonly refreshAt: number;
}

/** Refresh this long before expiry (at most a quarter of the lifetime), so a request never leaves with a dying token. */
const REFRESH_MARGIN_MS = 5_000;

/**
 * `requestedAt` is the clock time the login or refresh request was sent: the
 * server starts `expires_in` somewhere after it, so counting from it errs early.
 */
export function parseIgOauthToken(source: string, value: unknown, what: string, requestedAt: number): IgOauthToken {
  if (!isRecord(value)) throw malformed(source, `${what}: no OAuth token object`);
  const accessToken = value['access_token'];
  const refreshToken = value['refresh_token'];
  if (typeof accessToken !== 'string' || accessToken === '') throw malformed(source, `${what}: OAuth token lacks access_token`);
  if (typeof refreshToken !== 'string' || refreshToken === '') throw malformed(source, `${what}: OAuth token lacks refresh_token`);
  const tokenType = value['token_type'];
  if (typeof tokenType !== 'string' || tokenType.toLowerCase() !== 'bearer') {
    throw malformed(source, `${what}: OAuth token_type is ${describeField(tokenType)}, expected "Bearer"`);
  }
  const lifetimeMs = expiresInMs(value['expires_in']);
  if (lifetimeMs === undefined) {
    throw malformed(source, `${what}: OAuth expires_in is ${describeField(value['expires_in'])}, expected a positive number of seconds`);
  }
  return { accessToken, refreshToken, refreshAt: requestedAt + lifetimeMs - Math.min(REFRESH_MARGIN_MS, lifetimeMs / 4) };
}

/** JSON of a session response; unlike parseJsonBody it never quotes the body, which may be a token cut short. */
export function parseSessionBody(source: string, response: HttpResponse, what: string): unknown {
  try {
    return JSON.parse(response.text) as unknown;
  } catch {
    throw malformed(source, `${what}: HTTP ${response.status} body is not JSON (${response.text.length} characters, not shown: it may hold tokens)`);
  }
}

/** IG documents a string ("60"); some recorded fixtures carry a number. */
function expiresInMs(value: unknown): number | undefined {
  const seconds = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : Number.NaN;
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
}

/** A non-secret field (token_type, expires_in) for a message: its type, or the value when short. */
function describeField(value: unknown): string {
  if (value === undefined) return 'missing';
  if ((typeof value === 'string' && value.length <= 16) || typeof value === 'number') return JSON.stringify(value);
  return `a ${value === null ? 'null' : typeof value}`;
}

function malformed(source: string, detail: string): SourceError {
  return new SourceError(source, 'malformed', detail);
}
