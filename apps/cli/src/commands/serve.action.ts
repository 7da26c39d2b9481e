// The action of `trading serve` (see ./serve.command): boots the service on the
// infrastructure its environment names and runs it until SIGINT or SIGTERM (or,
// started by npm, until npm exits).
import 'reflect-metadata';
import { serveMarketData, type RunningService } from '@trading/market-data-service';
import { serveRisk } from '@trading/risk-service';
import { openInfrastructure } from '@trading/runtime';
import { logLine } from '../output';
import { whenOrphaned } from '../parent-watch';
import type { ServiceName } from './serve.command';

const SERVICES: Readonly<Record<ServiceName, () => Promise<Pick<RunningService, 'stop'>>>> = {
  'market-data': () => serveMarketData(openInfrastructure),
  risk: () => serveRisk(openInfrastructure),
};

export async function serveCommand(name: ServiceName): Promise<void> {
  const service = await SERVICES[name]();
  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (reason: string): void => {
      if (stopping) return;
      stopping = true;
      logLine(`trading serve ${name}: ${reason}, shutting down`);
      service.stop().then(resolve, (error: unknown) => {
        logLine(`trading serve ${name}: shutdown failed: ${String(error)}`);
        process.exitCode = 1;
        resolve();
      });
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
    whenOrphaned(() => stop('its parent process (npm) exited'));
  });
}
