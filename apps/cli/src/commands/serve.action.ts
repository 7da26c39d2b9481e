// The action of `trading serve` (see ./serve.command): boots the service on the
// infrastructure its environment names and runs it until SIGINT or SIGTERM (or,
// started by npm, until npm exits; started by `trading run --processes`, with
// an IPC channel, until that run goes away, even killed).
import 'reflect-metadata';
import { serveMarketData } from '@trading/market-data-service';
import { VenueBookMismatch, serveOrderExecution } from '@trading/order-execution-service';
import { RestoreMismatch, serveRisk } from '@trading/risk-service';
import { openBus, openInfrastructure } from '@trading/runtime';
import { serveStrategy } from '@trading/strategy-service';
import { CliError } from '../cli-error';
import { logLine } from '../output';
import { whenOrphaned } from '../parent-watch';
import type { ServiceName } from './serve.command';

const SERVICES: Readonly<Record<ServiceName, () => Promise<{ stop(): Promise<void> }>>> = {
  'market-data': () => serveMarketData(openInfrastructure),
  // A venue whose rebuilt book differs from its table refuses to start: one line, exit 1.
  'order-execution': () =>
    serveOrderExecution(openInfrastructure).catch((error: unknown) => {
      throw error instanceof VenueBookMismatch ? new CliError(error.message, 1) : error;
    }),
  // A desk whose journal and positions table disagree refuses to start: one line, exit 1.
  risk: () =>
    serveRisk(openInfrastructure).catch((error: unknown) => {
      throw error instanceof RestoreMismatch ? new CliError(error.message, 1) : error;
    }),
  'strategy-scalping': () => serveStrategy('scalping', openBus),
  'strategy-intraday': () => serveStrategy('intraday', openBus),
  'strategy-swing': () => serveStrategy('swing', openBus),
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
    if (process.send !== undefined) {
      // Started with an IPC channel (trading run --processes): it closes when the run goes away, even killed.
      if (process.connected) process.once('disconnect', () => stop('its parent process (trading run) went away'));
      else stop('its parent process (trading run) went away while it started');
    }
  });
}
