// `trading serve <service>`: one service alone, configured by the environment
// (the container command of every deployment).
import type { Command } from 'commander';
import { ConfigError } from '@trading/config';
import { serveMarketData, type RunningService } from '@trading/market-data-service';
import { CliError } from '../cli-error';
import { logLine } from '../output';
import { openInfrastructure } from '@trading/runtime';

const SERVICES: Readonly<Record<string, () => Promise<RunningService>>> = {
  'market-data': () => serveMarketData(openInfrastructure),
};

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description(`run one service against AMQP_URL, DATABASE_URL, REDIS_URL (services: ${Object.keys(SERVICES).join(', ')})`)
    .argument('<service>', 'service to run')
    .action(async (name: string) => {
      const start = SERVICES[name];
      if (!start) throw new CliError(`unknown service "${name}" (available: ${Object.keys(SERVICES).join(', ')})`);
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
    });
}
