// Everything a service needs to be observable, wired in one call at boot:
// its logger, its metrics registry, its readiness checks and the HTTP server
// that exposes them. Services register readiness checks as they connect.
import type { Clock } from '@trading/domain';
import { HealthChecks } from './health-checks';
import { createLogger, type LogLevel, type Logger } from './logger.factory';
import { startObservabilityServer, type ObservabilityServer } from './observability.server';
import { HttpRoutes } from './http-routes';
import { ServiceMetrics } from './service-metrics';

export interface ServiceObservabilityOptions {
  readonly service: string;
  readonly level?: LogLevel;
  /** Port of /metrics and /health/*; 0 picks a free one. */
  readonly port: number;
  readonly host?: string;
  readonly defaultMetrics?: boolean;
  /** Per-check timeout of readiness probes; default 2,000 ms. */
  readonly readinessTimeoutMs?: number;
  readonly logStream?: NodeJS.WritableStream;
  readonly clock?: Clock;
}

export interface ServiceObservability {
  readonly logger: Logger;
  readonly metrics: ServiceMetrics;
  readonly health: HealthChecks;
  readonly server: ObservabilityServer;
  /** Where the service registers its own read-only endpoints. */
  readonly routes: HttpRoutes;
  /** Stops the HTTP server and flushes the logger. */
  close(): Promise<void>;
}

export async function startServiceObservability(options: ServiceObservabilityOptions): Promise<ServiceObservability> {
  const logger = createLogger({ service: options.service, level: options.level, stream: options.logStream, clock: options.clock });
  const metrics = new ServiceMetrics({ service: options.service, defaultMetrics: options.defaultMetrics });
  const health = new HealthChecks(options.readinessTimeoutMs);
  const routes = new HttpRoutes();
  const server = await startObservabilityServer({ port: options.port, host: options.host, metrics, health, routes });
  logger.info('observability endpoints listening', { url: server.url });
  return {
    logger,
    metrics,
    health,
    server,
    routes,
    close: async () => {
      await server.close();
      await new Promise<void>((resolve) => {
        logger.on('finish', () => resolve());
        logger.end();
      });
    },
  };
}
