// IG answers every error with {"errorCode": "..."}; the code, not the HTTP
// status, says what happened (token errors arrive as 401 and, in some
// fixtures, 403). This maps codes to source-error kinds.
import { isRecord, snippet, type HttpResponse } from '../http/http-request';
import { SourceError } from '../source.error';

const TOKEN_CODES = new Set([
  'error.security.client-token-invalid',
  'error.security.client-token-missing',
  'error.security.account-token-invalid',
  'error.security.account-token-missing',
  'error.security.oauth-token-invalid',
]);

const RETRYABLE_ALLOWANCE = new Set([
  'error.public-api.exceeded-api-key-allowance',
  'error.public-api.exceeded-account-allowance',
  'error.public-api.exceeded-account-trading-allowance',
]);

export function igErrorCode(response: HttpResponse): string | undefined {
  try {
    const body = JSON.parse(response.text) as unknown;
    return isRecord(body) && typeof body['errorCode'] === 'string' ? body['errorCode'] : undefined;
  } catch {
    return undefined;
  }
}

/** True when the session's tokens are no longer accepted and a fresh login may help. */
export function isTokenError(response: HttpResponse): boolean {
  const code = igErrorCode(response);
  return (response.status === 401 || response.status === 403) && code !== undefined && TOKEN_CODES.has(code);
}

export function igError(source: string, what: string, response: HttpResponse): SourceError {
  const code = igErrorCode(response);
  const status = response.status;
  const detail = `${what}: HTTP ${status} ${code ?? snippet(response.text)}`;
  if (code !== undefined) {
    if (RETRYABLE_ALLOWANCE.has(code)) return new SourceError(source, 'rate-limited', detail, { status });
    // The weekly quota only resets at allowanceExpiry: retrying burns nothing but must not loop.
    if (code === 'error.public-api.exceeded-account-historical-data-allowance') {
      return new SourceError(source, 'rate-limited', detail, { status, retryable: false });
    }
    if (code === 'error.security.generic' || code === 'error.security.authentication.timeout') {
      return new SourceError(source, 'unavailable', detail, { status });
    }
    if (code.startsWith('error.security.') || code.startsWith('error.public-api.failure.')) {
      return new SourceError(source, 'auth', detail, { status, retryable: false });
    }
  }
  if (status >= 500) return new SourceError(source, 'unavailable', detail, { status });
  return new SourceError(source, 'rejected', detail, { status });
}
