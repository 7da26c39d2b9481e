// The risk service as a standalone process (what a container runs via
// `trading serve risk`, or `node -r ./apps/cli/bin/swc-hook.js apps/risk/src/main.ts`).
// All of its logic lives in @trading/risk-service; this is only the host.
import 'reflect-metadata';
import { ConfigError, InfrastructureError } from '@trading/config';
import { RestoreMismatch, serveRisk } from '@trading/risk-service';
import { openInfrastructure } from '@trading/runtime';

async function main(): Promise<void> {
  const service = await serveRisk(openInfrastructure);
  const stop = (): void => {
    service.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`risk: shutdown failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  // A wrong setting or an unreachable server is one line naming the variable; anything else is a bug, with its stack.
  if (error instanceof ConfigError) process.stderr.write(`risk: ${error.issues.map((issue) => `${issue.variable}: ${issue.problem}`).join('; ')}\n`);
  else if (error instanceof InfrastructureError || error instanceof RestoreMismatch) process.stderr.write(`risk: ${error.message}\n`);
  else process.stderr.write(`risk: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(error instanceof ConfigError ? 2 : 1);
});
