// Thin layer over Node's global fetch shared by the HTTP sources: turns network
// failures, aborts and bodies into SourceErrors, and reads Retry-After. URLs in
// messages are the caller's redacted form, so an API key in a query string
// never reaches an error or a log.
import { SourceError } from '../source.error';

export interface HttpRequest {
  readonly url: string;
  /** The URL as it may appear in errors and logs (secrets removed). */
  readonly redactedUrl: string;
  readonly method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly signal?: AbortSignal;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

export async function httpRequest(source: string, request: HttpRequest): Promise<HttpResponse> {
  try {
    const response = await fetch(request.url, {
      method: request.method ?? 'GET',
      headers: request.headers,
      body: request.body,
      signal: request.signal,
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text };
  } catch (error) {
    if (request.signal?.aborted) {
      throw new SourceError(source, 'aborted', `${request.method ?? 'GET'} ${request.redactedUrl} aborted`, { retryable: false, cause: error });
    }
    const reason = error instanceof Error ? describeNetworkError(error) : String(error);
    throw new SourceError(source, 'unavailable', `${request.method ?? 'GET'} ${request.redactedUrl} failed: ${reason}`, { cause: error });
  }
}

function describeNetworkError(error: Error): string {
  const cause = (error as { cause?: unknown }).cause;
  const code = typeof cause === 'object' && cause !== null && 'code' in cause ? String((cause as { code: unknown }).code) : undefined;
  return code ? `${error.message} (${code})` : error.message;
}

/** Retry-After as ms: delta-seconds or an HTTP date (against `nowMs`); undefined when absent or unreadable. */
export function retryAfterMs(headers: Headers, nowMs: number): number | undefined {
  const value = headers.get('retry-after');
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - nowMs) : undefined;
}

export function parseJsonBody(source: string, response: HttpResponse, what: string): unknown {
  try {
    return JSON.parse(response.text) as unknown;
  } catch {
    throw new SourceError(source, 'malformed', `${what}: HTTP ${response.status} body is not JSON: ${snippet(response.text)}`, {
      status: response.status,
    });
  }
}

/** The first characters of a body, on one line, for error messages. */
export function snippet(text: string, length = 120): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > length ? `${flat.slice(0, length)}…` : flat;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
