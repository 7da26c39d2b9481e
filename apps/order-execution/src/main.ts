// The order-execution service as a standalone process (what a container runs via
// `trading serve order-execution`, or `node -r ./apps/cli/bin/swc-hook.js apps/order-execution/src/main.ts`).
// All of its logic lives in @trading/order-execution-service; this is only the host.
import 'reflect-metadata';
import { ConfigError, InfrastructureError } from '@trading/config';
import { VenueBookMismatch, serveOrderExecution } from '@trading/order-execution-service';
import { openInfrastructure } from '@trading/runtime';

async function main(): Promise<void> {
  const service = await serveOrderExecution(openInfrastructure);
  const stop = (): void => {
    service.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`order-execution: shutdown failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  // A wrong setting or an unreachable server is one line naming the variable; anything else is a bug, with its stack.
  if (error instanceof ConfigError) process.stderr.write(`order-execution: ${error.issues.map((issue) => `${issue.variable}: ${issue.problem}`).join('; ')}\n`);
  else if (error instanceof InfrastructureError || error instanceof VenueBookMismatch) process.stderr.write(`order-execution: ${error.message}\n`);
  else process.stderr.write(`order-execution: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(error instanceof ConfigError ? 2 : 1);
});
