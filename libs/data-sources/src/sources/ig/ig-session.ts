// An IG REST session: logs in (v2: CST and X-SECURITY-TOKEN response headers;
// v3: an OAuth token in the body plus the account id) and signs requests.
// v2 tokens live for hours: a request refused for an invalid token logs in
// once more. v3 access tokens live about a minute: they are renewed with the
// single-use refresh token (POST /session/refresh-token v1) a little before
// they expire by the clock, or when a request is refused for them, and only a
// refused refresh falls back to a full login. A refused request is replayed
// once after one renewal; a second refusal surfaces as an auth error.
// Concurrent callers share one renewal. Password and tokens never appear in a
// message.
import type { Clock } from '@trading/domain';
import { httpRequest, isRecord, type HttpResponse } from '../http/http-request';
import { isSourceError, SourceError } from '../source.error';
import { igError, igErrorCode, isTokenError } from './ig-error.classifier';
import { parseIgOauthToken, parseSessionBody, type IgOauthToken } from './ig-oauth-token';

export interface IgCredentials {
  /** e.g. https://demo-api.ig.com/gateway/deal */
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly identifier: string;
  readonly password: string;
  /** 2 (tokens in headers, the default) or 3 (OAuth). */
  readonly apiVersion?: 2 | 3;
}

interface SessionTokens {
  readonly headers: Readonly<Record<string, string>>;
  readonly obtainedBy: 'login' | 'refresh';
  /** v3 only. */
  readonly oauth?: IgOauthToken;
}

export class IgSession {
  private tokens: SessionTokens | undefined;
  /** The server refused the current access token; its refresh token may still work. */
  private tokensRefused = false;
  private pendingRenewal: Promise<SessionTokens> | undefined;
  private loginCount = 0;
  private refreshCount = 0;

  constructor(
    private readonly credentials: IgCredentials,
    private readonly source: string,
    private readonly clock: Clock,
  ) {
    if (credentials.apiKey.trim() === '' || credentials.identifier.trim() === '' || credentials.password === '') {
      throw new RangeError('IG credentials need apiKey, identifier and password');
    }
  }

  /** Logins performed so far (a re-login after token expiry counts). */
  get logins(): number {
    return this.loginCount;
  }

  /** v3 refresh requests sent so far, refused ones included. */
  get refreshes(): number {
    return this.refreshCount;
  }

  /** GET `path` (relative to the base URL) with endpoint `version`, renewing the tokens once on a token error. */
  async get(path: string, version: number, signal: AbortSignal | undefined, what: string): Promise<HttpResponse> {
    let tokens = await this.authenticated(signal);
    let response = await this.send(path, version, tokens.headers, signal);
    if (isTokenError(response)) {
      this.refuse(tokens);
      tokens = await this.authenticated(signal);
      response = await this.send(path, version, tokens.headers, signal);
      if (isTokenError(response)) {
        const code = igErrorCode(response) ?? 'token error';
        const renewal = tokens.obtainedBy === 'refresh' ? 'a token refresh' : 'a fresh login';
        throw new SourceError(this.source, 'auth', `${what}: token refused again after ${renewal} (HTTP ${response.status} ${code})`, {
          status: response.status,
          retryable: false,
        });
      }
    }
    this.copyFreshTokens(response);
    return response;
  }

  private async send(path: string, version: number, auth: Readonly<Record<string, string>>, signal: AbortSignal | undefined): Promise<HttpResponse> {
    const url = this.url(path);
    return httpRequest(this.source, { url, redactedUrl: url, headers: { ...this.baseHeaders(version), ...auth }, signal });
  }

  private usableTokens(): SessionTokens | undefined {
    const tokens = this.tokens;
    if (tokens === undefined || this.tokensRefused) return undefined;
    return tokens.oauth !== undefined && this.clock.now() >= tokens.oauth.refreshAt ? undefined : tokens;
  }

  private async authenticated(signal: AbortSignal | undefined): Promise<SessionTokens> {
    for (;;) {
      const usable = this.usableTokens();
      if (usable) return usable;
      // Concurrent callers share one renewal, which runs under the signal of the caller that started it.
      this.pendingRenewal ??= this.renew(signal).finally(() => {
        this.pendingRenewal = undefined;
      });
      try {
        return await this.pendingRenewal;
      } catch (error) {
        // That caller gave up (aborted or timed out): its abort is not ours, so renew again under our own signal.
        if (isSourceError(error) && error.kind === 'aborted' && !signal?.aborted) continue;
        throw error;
      }
    }
  }

  private refuse(stale: SessionTokens): void {
    if (this.tokens === stale) this.tokensRefused = true;
  }

  private async renew(signal: AbortSignal | undefined): Promise<SessionTokens> {
    const current = this.tokens;
    const refreshed = current?.oauth ? await this.refresh(current, current.oauth.refreshToken, signal) : undefined;
    const renewed = refreshed ?? (await this.login(signal));
    this.tokens = renewed;
    this.tokensRefused = false;
    return renewed;
  }

  /** New v3 tokens, or undefined when IG refuses the refresh token (used, expired, or voided by maintenance). */
  private async refresh(current: SessionTokens, refreshToken: string, signal: AbortSignal | undefined): Promise<SessionTokens | undefined> {
    const what = 'refresh-token v1';
    const url = this.url('/session/refresh-token');
    this.refreshCount += 1;
    const requestedAt = this.clock.now();
    const response = await httpRequest(this.source, {
      url,
      redactedUrl: url,
      method: 'POST',
      headers: this.baseHeaders(1),
      body: JSON.stringify({ refresh_token: refreshToken }),
      signal,
    });
    if (response.status !== 200) {
      const error = igError(this.source, what, response);
      // Throttled or down: a login would meet the same, and the refresh token is kept for the next attempt.
      if (error.kind === 'rate-limited' || error.kind === 'unavailable') throw error;
      this.tokens = undefined;
      return undefined;
    }
    const oauth = parseIgOauthToken(this.source, parseSessionBody(this.source, response, what), what, requestedAt);
    // The refresh answers a bare token: the account stays the one the login named.
    return { headers: { ...current.headers, Authorization: `Bearer ${oauth.accessToken}` }, obtainedBy: 'refresh', oauth };
  }

  private async login(signal: AbortSignal | undefined): Promise<SessionTokens> {
    const version = this.credentials.apiVersion ?? 2;
    const url = this.url('/session');
    this.loginCount += 1;
    const requestedAt = this.clock.now();
    const response = await httpRequest(this.source, {
      url,
      redactedUrl: url,
      method: 'POST',
      headers: this.baseHeaders(version),
      body: JSON.stringify({ identifier: this.credentials.identifier, password: this.credentials.password, encryptedPassword: false }),
      signal,
    });
    if (response.status !== 200) throw igError(this.source, `login v${version}`, response);
    return version === 3 ? this.oauthLogin(response, requestedAt) : { headers: this.tokenHeaders(response), obtainedBy: 'login' };
  }

  private tokenHeaders(response: HttpResponse): Record<string, string> {
    const cst = response.headers.get('cst');
    const securityToken = response.headers.get('x-security-token');
    if (!cst || !securityToken) {
      throw new SourceError(this.source, 'auth', 'login v2 answered without CST / X-SECURITY-TOKEN headers (demo credentials on live, or the reverse?)', {
        retryable: false,
      });
    }
    return { CST: cst, 'X-SECURITY-TOKEN': securityToken };
  }

  private oauthLogin(response: HttpResponse, requestedAt: number): SessionTokens {
    const body = parseSessionBody(this.source, response, 'login v3');
    const accountId = isRecord(body) ? body['accountId'] : undefined;
    if (typeof accountId !== 'string' || accountId === '') throw new SourceError(this.source, 'malformed', 'login v3 body lacks accountId');
    const oauth = parseIgOauthToken(this.source, isRecord(body) ? body['oauthToken'] : undefined, 'login v3', requestedAt);
    return { headers: { Authorization: `Bearer ${oauth.accessToken}`, 'IG-ACCOUNT-ID': accountId }, obtainedBy: 'login', oauth };
  }

  /** Any response may carry fresh v2 tokens; keep them. */
  private copyFreshTokens(response: HttpResponse): void {
    const cst = response.headers.get('cst');
    const securityToken = response.headers.get('x-security-token');
    const current = this.tokens;
    if (!cst || !securityToken || current === undefined || !('CST' in current.headers)) return;
    if (current.headers['CST'] === cst && current.headers['X-SECURITY-TOKEN'] === securityToken) return;
    this.tokens = { headers: { CST: cst, 'X-SECURITY-TOKEN': securityToken }, obtainedBy: current.obtainedBy };
    this.tokensRefused = false;
  }

  private url(path: string): string {
    return `${this.credentials.baseUrl.replace(/\/$/, '')}${path}`;
  }

  private baseHeaders(version: number): Record<string, string> {
    return {
      'X-IG-API-KEY': this.credentials.apiKey,
      'Content-Type': 'application/json; charset=UTF-8',
      Accept: 'application/json; charset=UTF-8',
      Version: String(version),
    };
  }
}
