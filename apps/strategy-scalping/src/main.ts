// The scalping strategy service as a standalone process (what a container runs via
// `trading serve strategy-scalping`, or `node -r ./apps/cli/bin/swc-hook.js apps/strategy-scalping/src/main.ts`).
// All of its logic lives in @trading/strategy-service; this is only the host.
import { runStrategyProcess } from '@trading/strategy-service';
import { openBus } from '@trading/runtime';

runStrategyProcess('scalping', openBus);
