// The environment each child of `trading run --processes` is started with:
// the chain's plan (./chain-plan) written in the words `trading serve` reads
// (PAPER_*, RISK_*, STRATEGY_*, LOCKSTEP, ...), so the child boots with the
// values the in-process chain hands the same composition functions. Every
// variable the service reads is set here or removed from what the child
// inherits: a RISK_LIMITS_FILE left in the user's shell cannot reach it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RiskLimits } from '@trading/risk-engine';
import { ORDER_EXECUTION_ENVIRONMENT_VARIABLES } from '@trading/order-execution-service/config';
import { RISK_SERVICE_ENVIRONMENT_VARIABLES } from '@trading/risk-service/config';
import { type FillModel, commissionSetting, slippageSetting, spreadSetting, swapSetting } from '@trading/simulated-venue';
import { strategyServiceEnvironmentVariables } from '@trading/strategy-service/config';
import type { ServiceName } from '../commands/serve.command';
import type { ChainPlan } from './chain-plan';

/** What the run gives every child besides the plan. */
export interface ChildCommon {
  readonly amqpUrl: string;
  readonly databaseUrl: string;
  readonly databasePoolSize: number;
  readonly logLevel: string;
  /** The Postgres schema of each stateful service, this run's own. */
  readonly schemas: { readonly 'order-execution': string; readonly risk: string };
  /** HTTP_PORT of each service, by service name. */
  readonly ports: Readonly<Record<string, number>>;
  /** The limits file risk reads (see writeLimitsFile). */
  readonly limitsFile: string;
}

export interface ChildService {
  readonly name: ServiceName;
  /** Only what the run sets; `childEnvironment` puts it over what the child inherits. */
  readonly environment: Readonly<Record<string, string>>;
  /** Every variable the service reads: removed from what it inherits before `environment` is applied. */
  readonly reads: readonly string[];
}

/** Writes the run's limits where risk reads them (RISK_LIMITS_FILE); they read back as the same limits. */
export function writeLimitsFile(folder: string, limits: RiskLimits): string {
  const file = join(folder, 'risk-limits.json');
  writeFileSync(file, `${JSON.stringify(limits, null, 2)}\n`);
  return file;
}

function fillVariables(prefix: 'PAPER' | 'RISK', fill: FillModel): Record<string, string> {
  return {
    [`${prefix}_SPREAD`]: spreadSetting.write(fill.spread),
    [`${prefix}_SLIPPAGE`]: slippageSetting.write(fill.slippage),
    [`${prefix}_COMMISSION`]: commissionSetting.write(fill.commission),
    ...(fill.swap === undefined ? {} : { [`${prefix}_SWAP`]: swapSetting.write(fill.swap) }),
  };
}

/**
 * The children in the order a deployment starts them: order-execution, risk,
 * then one strategy service per strategy. The plan must have one timeframe
 * (a service alone is told one: PAPER_TIMEFRAME, RISK_TIMEFRAME).
 */
export function childServices(plan: ChainPlan, common: ChildCommon): ChildService[] {
  const timeframe = plan.timeframe;
  if (timeframe === undefined) throw new RangeError('the services run as processes on one timeframe; the replay has several');
  const lockstep = String(plan.risk.lockstep);
  const port = (service: string): string => {
    const value = common.ports[service];
    if (value === undefined) throw new RangeError(`no HTTP port for ${service}`);
    return String(value);
  };
  const shared = (service: string): Record<string, string> => ({
    SERVICE_NAME: service,
    LOG_LEVEL: common.logLevel,
    HTTP_PORT: port(service),
    AMQP_URL: common.amqpUrl,
    LOCKSTEP: lockstep,
    // The run follows every chain of messages to its end, lockstep or not.
    FLOW_RECEIPTS: 'true',
  });
  const database = (service: 'order-execution' | 'risk'): Record<string, string> => ({
    DATABASE_URL: common.databaseUrl,
    DATABASE_SCHEMA: common.schemas[service],
    DATABASE_POOL_SIZE: String(common.databasePoolSize),
  });
  const venue = plan.venue;
  const desk = plan.risk.desk;
  const strategyReads = strategyServiceEnvironmentVariables();
  return [
    {
      name: 'order-execution',
      reads: ORDER_EXECUTION_ENVIRONMENT_VARIABLES,
      environment: {
        ...shared('order-execution'),
        ...database('order-execution'),
        BROKER: 'paper',
        ORDER_EXECUTION_SEED: String(venue.seed),
        PAPER_SYMBOLS: venue.instruments.map((instrument) => instrument.symbol).join(','),
        PAPER_TIMEFRAME: timeframe,
        ...fillVariables('PAPER', venue.fill),
        PAPER_CASH: venue.initialCash.amount.toFixed(),
        PAPER_CURRENCY: venue.initialCash.currency,
      },
    },
    {
      name: 'risk',
      reads: RISK_SERVICE_ENVIRONMENT_VARIABLES,
      environment: {
        ...shared('risk'),
        ...database('risk'),
        RISK_SYMBOLS: desk.instruments.map((instrument) => instrument.symbol).join(','),
        RISK_INITIAL_CASH: desk.initialCash.amount.toFixed(),
        RISK_CURRENCY: desk.initialCash.currency,
        RISK_LIMITS_FILE: common.limitsFile,
        RISK_TIMEFRAME: timeframe,
        ...fillVariables('RISK', desk.fill),
        RISK_MAX_BATCH: String(plan.risk.maxBatch),
        // A replay from its first bar, as a backtest starts: no market history from market-data's /bars.
        RISK_WARMUP_BARS: '0',
      },
    },
    ...plan.strategies.map(
      (strategy): ChildService => ({
        name: strategy.service as ServiceName,
        reads: strategyReads,
        environment: {
          ...shared(strategy.service),
          STRATEGY_SYMBOLS: strategy.settings.symbols.join(','),
          STRATEGY_TIMEFRAME: strategy.settings.timeframe,
          STRATEGY_WARMUP_BARS: String(strategy.settings.warmupBars),
          STRATEGY_PARAMETERS: JSON.stringify(strategy.settings.parameters),
          STRATEGY_PARAMETERS_VERSION: strategy.settings.parametersVersion,
          STRATEGY_SEED: String(strategy.seed),
          // A replay from its first bar, as a backtest starts: no warm-up from market-data's /bars.
          STRATEGY_COLD_START: 'true',
        },
      }),
    ),
  ];
}

/** The child's whole environment: what it inherits, without any variable the service reads, then the run's settings. */
export function childEnvironment(child: ChildService, inherited: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const environment: Record<string, string> = {};
  const reads = new Set(child.reads);
  for (const [name, value] of Object.entries(inherited)) if (value !== undefined && !reads.has(name)) environment[name] = value;
  return { ...environment, ...child.environment };
}
