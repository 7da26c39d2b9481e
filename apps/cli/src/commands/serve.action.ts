// The action of `trading serve` (see ./serve.command): boots the service on the
// infrastructure its environment names and runs it until SIGINT or SIGTERM.
import 'reflect-metadata';
import { ConfigError } from '@trading/config';
import { serveMarketData, type RunningService } from '@trading/market-data-service';
import { openInfrastructure } from '@trading/runtime';
import { CliError } from '../cli-error';
import { logLine } from '../output';
import { SERVICE_NAMES } from './serve.command';

const SERVICES: Readonly<Record<(typeof SERVICE_NAMES)[number], () => Promise<RunningService>>> = {
  'market-data': () => serveMarketData(openInfrastructure),
};

export async function serveCommand(name: string): Promise<void> {
  const start = (SERVICES as Record<string, () => Promise<RunningService>>)[name];
  if (!start) throw new CliError(`unknown service "${name}" (available: ${SERVICE_NAMES.join(', ')})`);
  let service: RunningService;
  try {
    service = await start();
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message, 1);
    throw error;
  }
  await new Promise<void>((resolve) => {
    const stop = (signal: string): void => {
      logLine(`trading serve ${name}: ${signal}, shutting down`);
      service.stop().then(resolve, (error: unknown) => {
        logLine(`trading serve ${name}: shutdown failed: ${String(error)}`);
        process.exitCode = 1;
        resolve();
      });
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
}
