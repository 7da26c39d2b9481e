// `trading serve <service>`: one service alone, configured by the environment
// (the container command of every deployment). The action (./serve.action) is
// loaded only when the command runs.
import type { Command } from 'commander';

export const SERVICE_NAMES = ['market-data'] as const;

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description(`run one service against AMQP_URL, DATABASE_URL, REDIS_URL (services: ${SERVICE_NAMES.join(', ')})`)
    .argument('<service>', 'service to run')
    .action(async (name: string) => (await import('./serve.action')).serveCommand(name));
}
