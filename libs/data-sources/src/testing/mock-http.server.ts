// A local HTTP server on 127.0.0.1 with an ephemeral port, for the provider
// mocks: records every request and can be closed even while a "hanging"
// scenario keeps connections open.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

export type MockHandler = (request: RecordedRequest, response: ServerResponse) => void | Promise<void>;

export interface MockHttpServer {
  readonly url: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startMockHttpServer(handler: MockHandler): Promise<MockHttpServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path: decodeURIComponent(url.pathname),
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      Promise.resolve(handler(recorded, res)).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end(`mock handler failed: ${error instanceof Error ? error.message : String(error)}`);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'Content-Type': 'application/json; charset=UTF-8', ...headers });
  response.end(JSON.stringify(body));
}

export function sendText(response: ServerResponse, status: number, text: string, contentType = 'text/plain'): void {
  response.writeHead(status, { 'Content-Type': contentType });
  response.end(text);
}

/**
 * What the provider mocks share: the HTTP server and its request log, and the
 * scenario each request plays (`queued` ones first, then `scenario`).
 */
export abstract class ScenarioMockServer<Scenario extends string> {
  /** Scenarios to play for the next requests before falling back to `scenario`. */
  readonly queued: Scenario[] = [];
  private server: MockHttpServer | undefined;

  protected constructor(public scenario: Scenario) {}

  /** Serves `mock` on an ephemeral port of 127.0.0.1. */
  protected static async listen<T extends ScenarioMockServer<string>>(mock: T): Promise<T> {
    mock.server = await startMockHttpServer((request, response) => mock.handle(request, response));
    return mock;
  }

  get url(): string {
    return this.started().url;
  }

  get requests(): readonly RecordedRequest[] {
    return this.started().requests;
  }

  close(): Promise<void> {
    return this.started().close();
  }

  /** The scenario the request being handled plays. */
  protected nextScenario(): Scenario {
    return this.queued.shift() ?? this.scenario;
  }

  protected abstract handle(request: RecordedRequest, response: ServerResponse): void | Promise<void>;

  private started(): MockHttpServer {
    if (this.server === undefined) throw new Error('mock server not started: use its static start()');
    return this.server;
  }
}
