// The process around serveStrategy, shared by the three apps' main.ts: stops
// on SIGINT/SIGTERM, and turns a boot failure into one line on stderr with
// exit code 2 for a wrong setting, 1 for an unreachable server (a stack trace
// only for a bug).
import { ConfigError, InfrastructureError } from '@trading/config';
import type { BusOpener } from '@trading/runtime';
import type { StrategyServiceName } from '../strategy-service.config';
import { serveStrategy } from './serve-strategy';

export function runStrategyProcess(name: StrategyServiceName, openInfrastructure: BusOpener): void {
  const label = `strategy-${name}`;
  serveStrategy(name, openInfrastructure).then(
    (service) => {
      const stop = (): void => {
        service.stop().then(
          () => process.exit(0),
          (error: unknown) => {
            process.stderr.write(`${label}: shutdown failed: ${String(error)}\n`);
            process.exit(1);
          },
        );
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    },
    (error: unknown) => {
      if (error instanceof ConfigError) process.stderr.write(`${label}: ${error.issues.map((issue) => `${issue.variable}: ${issue.problem}`).join('; ')}\n`);
      else if (error instanceof InfrastructureError) process.stderr.write(`${label}: ${error.message}\n`);
      else process.stderr.write(`${label}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(error instanceof ConfigError ? 2 : 1);
    },
  );
}
