// `trading serve <service>`: one service alone, configured by the environment
// (the container command of every deployment). The action (./serve.action) is
// loaded only when the command runs, after the name is known to be a service.
import type { Command } from 'commander';
import { CliError } from '../cli-error';

export const SERVICE_NAMES = ['market-data'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description(`run one service against AMQP_URL, DATABASE_URL, REDIS_URL (services: ${SERVICE_NAMES.join(', ')})`)
    .argument('<service>', 'service to run')
    .action(async (name: string) => {
      if (!(SERVICE_NAMES as readonly string[]).includes(name)) throw new CliError(`unknown service "${name}" (available: ${SERVICE_NAMES.join(', ')})`);
      await (await import('./serve.action')).serveCommand(name as ServiceName);
    });
}
