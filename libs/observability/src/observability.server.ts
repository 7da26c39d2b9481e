// A small HTTP server per service for Prometheus and the orchestrator's probes:
// GET /metrics, /health/live (the process answers) and /health/ready (200 only
// when every readiness check passes, else 503 naming the failures).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HealthChecks } from './health-checks';
import { HttpError, type HttpRoutes } from './http-routes';
import { redactString } from './redact';
import type { ServiceMetrics } from './service-metrics';

export interface ObservabilityServerOptions {
  readonly port: number;
  /** Default 0.0.0.0 so Prometheus can scrape from another container. */
  readonly host?: string;
  readonly metrics: ServiceMetrics;
  readonly health: HealthChecks;
  /** Extra read-only endpoints of the service. */
  readonly routes?: HttpRoutes;
}

export interface ObservabilityServer {
  /** The bound port (useful when 0 asked the OS for a free one). */
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

export async function startObservabilityServer(options: ObservabilityServerOptions): Promise<ObservabilityServer> {
  const server = createServer((request, response) => {
    handle(options, request, response).catch((error: unknown) => {
      send(response, 500, 'text/plain; charset=utf-8', redactString(error instanceof Error ? error.message : String(error)));
    });
  });
  // Probes should not keep sockets open across a shutdown.
  server.keepAliveTimeout = 1000;
  const host = options.host ?? '0.0.0.0';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function handle(options: ObservabilityServerOptions, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    send(response, 405, 'text/plain; charset=utf-8', 'method not allowed\n');
    return;
  }
  switch (path) {
    case '/metrics':
      send(response, 200, options.metrics.contentType, await options.metrics.exposition());
      return;
    case '/health/live':
      sendJson(response, 200, { status: 'up' });
      return;
    case '/health/ready': {
      const report = await options.health.readiness();
      const failed = report.checks.filter((check) => !check.ok).map((check) => ({ name: check.name, error: redactString(check.error ?? '') }));
      sendJson(response, report.ready ? 200 : 503, {
        status: report.ready ? 'ready' : 'not ready',
        checks: report.checks.map((check) => ({ name: check.name, ok: check.ok })),
        ...(failed.length > 0 ? { failed } : {}),
      });
      return;
    }
    default: {
      const route = options.routes?.find(path);
      if (!route) {
        send(response, 404, 'text/plain; charset=utf-8', 'not found\n');
        return;
      }
      try {
        const answer = await route(new URL(request.url ?? '/', 'http://localhost').searchParams);
        sendJson(response, answer.status, answer.body);
      } catch (error) {
        if (!(error instanceof HttpError)) throw error;
        sendJson(response, error.status, { error: error.message, ...(error.field ? { field: error.field } : {}) });
      }
    }
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  send(response, status, 'application/json', `${JSON.stringify(body)}\n`);
}

function send(response: ServerResponse, status: number, contentType: string, body: string): void {
  response.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
  response.end(body);
}
