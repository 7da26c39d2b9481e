// An IG REST session: logs in (v2: CST and X-SECURITY-TOKEN response headers;
// v3: an OAuth access token in the body plus the account id), signs requests,
// and when a request is refused for an expired or invalid token logs in ONCE
// more and replays it. A second refusal surfaces as an auth error. Password
// and tokens never appear in a message.
import { httpRequest, isRecord, parseJsonBody, type HttpResponse } from '../http/http-request';
import { isSourceError, SourceError } from '../source.error';
import { igError, igErrorCode, isTokenError } from './ig-error.classifier';

export interface IgCredentials {
  /** e.g. https://demo-api.ig.com/gateway/deal */
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly identifier: string;
  readonly password: string;
  /** 2 (tokens in headers, the default) or 3 (OAuth). */
  readonly apiVersion?: 2 | 3;
}

export class IgSession {
  private authHeaders: Record<string, string> | undefined;
  private pendingLogin: Promise<Record<string, string>> | undefined;
  private loginCount = 0;

  constructor(
    private readonly credentials: IgCredentials,
    private readonly source: string,
  ) {
    if (credentials.apiKey.trim() === '' || credentials.identifier.trim() === '' || credentials.password === '') {
      throw new RangeError('IG credentials need apiKey, identifier and password');
    }
  }

  /** Logins performed so far (a re-login after token expiry counts). */
  get logins(): number {
    return this.loginCount;
  }

  /** GET `path` (relative to the base URL) with endpoint `version`, re-logging in once on a token error. */
  async get(path: string, version: number, signal: AbortSignal | undefined, what: string): Promise<HttpResponse> {
    let headers = await this.ensureLoggedIn(signal);
    let response = await this.send(path, version, headers, signal);
    if (isTokenError(response)) {
      this.invalidate(headers);
      headers = await this.ensureLoggedIn(signal);
      response = await this.send(path, version, headers, signal);
      if (isTokenError(response)) {
        const code = igErrorCode(response) ?? 'token error';
        throw new SourceError(this.source, 'auth', `${what}: token refused again after a fresh login (HTTP ${response.status} ${code})`, {
          status: response.status,
          retryable: false,
        });
      }
    }
    this.copyFreshTokens(response);
    return response;
  }

  private async send(path: string, version: number, auth: Record<string, string>, signal: AbortSignal | undefined): Promise<HttpResponse> {
    const url = `${this.credentials.baseUrl.replace(/\/$/, '')}${path}`;
    return httpRequest(this.source, { url, redactedUrl: url, headers: { ...this.baseHeaders(version), ...auth }, signal });
  }

  private async ensureLoggedIn(signal: AbortSignal | undefined): Promise<Record<string, string>> {
    for (;;) {
      if (this.authHeaders) return this.authHeaders;
      // Concurrent callers share one login, which runs under the signal of the caller that started it.
      this.pendingLogin ??= this.login(signal).finally(() => {
        this.pendingLogin = undefined;
      });
      try {
        return await this.pendingLogin;
      } catch (error) {
        // That caller gave up (aborted or timed out): its abort is not ours, so log in again under our own signal.
        if (isSourceError(error) && error.kind === 'aborted' && !signal?.aborted) continue;
        throw error;
      }
    }
  }

  private invalidate(stale: Record<string, string>): void {
    if (this.authHeaders === stale) this.authHeaders = undefined;
  }

  private async login(signal: AbortSignal | undefined): Promise<Record<string, string>> {
    const version = this.credentials.apiVersion ?? 2;
    const url = `${this.credentials.baseUrl.replace(/\/$/, '')}/session`;
    this.loginCount += 1;
    const response = await httpRequest(this.source, {
      url,
      redactedUrl: url,
      method: 'POST',
      headers: this.baseHeaders(version),
      body: JSON.stringify({ identifier: this.credentials.identifier, password: this.credentials.password, encryptedPassword: false }),
      signal,
    });
    if (response.status !== 200) throw igError(this.source, `login v${version}`, response);
    const headers = version === 3 ? this.oauthHeaders(response) : this.tokenHeaders(response);
    this.authHeaders = headers;
    return headers;
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

  private oauthHeaders(response: HttpResponse): Record<string, string> {
    const body = parseJsonBody(this.source, response, 'login v3');
    const token = isRecord(body) && isRecord(body['oauthToken']) ? body['oauthToken']['access_token'] : undefined;
    const accountId = isRecord(body) ? body['accountId'] : undefined;
    if (typeof token !== 'string' || typeof accountId !== 'string') {
      throw new SourceError(this.source, 'malformed', 'login v3 body lacks oauthToken.access_token or accountId');
    }
    return { Authorization: `Bearer ${token}`, 'IG-ACCOUNT-ID': accountId };
  }

  /** Any response may carry fresh v2 tokens; keep them. */
  private copyFreshTokens(response: HttpResponse): void {
    const cst = response.headers.get('cst');
    const securityToken = response.headers.get('x-security-token');
    if (cst && securityToken && this.authHeaders && 'CST' in this.authHeaders) {
      this.authHeaders = { CST: cst, 'X-SECURITY-TOKEN': securityToken };
    }
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
