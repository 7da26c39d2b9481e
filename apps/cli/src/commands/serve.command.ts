// `trading serve <service>`: one service alone, configured by the environment
// (the container command of every deployment). The action (./serve.action) is
// loaded only when the command runs, after the name is known to be a service
// and its settings have been checked, so a typo is one line within a second.
import type { Command } from 'commander';
import { loadMarketDataConfig } from '@trading/market-data-service/config';
import { loadOrderExecutionConfig } from '@trading/order-execution-service/config';
import { loadRiskServiceConfig } from '@trading/risk-service/config';
import { loadStrategyServiceConfig } from '@trading/strategy-service/config';
import { CliError } from '../cli-error';

export const SERVICE_NAMES = ['market-data', 'order-execution', 'risk', 'strategy-scalping', 'strategy-intraday', 'strategy-swing'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** Each service's boot-time configuration check (throws a ConfigError naming every bad variable); light, unlike the service. */
const CONFIG_CHECKS: Readonly<Record<ServiceName, () => unknown>> = {
  'market-data': () => loadMarketDataConfig(),
  'order-execution': () => loadOrderExecutionConfig(),
  risk: () => loadRiskServiceConfig(),
  'strategy-scalping': () => loadStrategyServiceConfig('scalping'),
  'strategy-intraday': () => loadStrategyServiceConfig('intraday'),
  'strategy-swing': () => loadStrategyServiceConfig('swing'),
};

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description(`run one service against AMQP_URL, DATABASE_URL, REDIS_URL (services: ${SERVICE_NAMES.join(', ')})`)
    .argument('<service>', 'service to run')
    .action(async (name: string) => {
      // Started by `trading run --processes`, the IPC channel is only a lifeline to the run
      // (see ./serve.action): it must not keep this process alive after a refused boot or a stop.
      process.channel?.unref();
      if (!(SERVICE_NAMES as readonly string[]).includes(name)) throw new CliError(`unknown service "${name}" (available: ${SERVICE_NAMES.join(', ')})`);
      CONFIG_CHECKS[name as ServiceName]();
      await (await import('./serve.action')).serveCommand(name as ServiceName);
    });
}
