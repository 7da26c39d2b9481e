// The swing strategy service as a standalone process (what a container runs via
// `trading serve strategy-swing`, or `node -r ./apps/cli/bin/swc-hook.js apps/strategy-swing/src/main.ts`).
// All of its logic lives in @trading/strategy-service; this is only the host.
import { runStrategyProcess } from '@trading/strategy-service';
import { openBus } from '@trading/runtime';

runStrategyProcess('swing', openBus);
