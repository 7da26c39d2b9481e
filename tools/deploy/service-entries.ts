// The one list the deployment spec reads: every service whose code is on this
// branch, with its code facts. Adding a service to the checks is one entry
// here (a function like marketDataDeployment in <name>.entry.ts) and taking
// its name off PENDING_SERVICES.
import { marketDataDeployment } from './market-data.entry';
import { orderExecutionDeployment } from './order-execution.entry';
import { riskDeployment } from './risk.entry';
import type { ServiceDeployment } from './service-deployment';
import { strategyDeployment } from './strategy.entry';

export function serviceDeployments(): ServiceDeployment[] {
  return [marketDataDeployment(), riskDeployment(), orderExecutionDeployment(), strategyDeployment('scalping'), strategyDeployment('intraday'), strategyDeployment('swing')];
}

/**
 * Services whose deployment files are written (service-shapes.ts has their
 * shape) but whose code is not on this branch yet: their files get the checks
 * that need no code (image, command, scaling, probes, wiring) and no others.
 * None today: every service's code is merged.
 */
export const PENDING_SERVICES: readonly string[] = [];
