// `trading serve risk`: the risk service alone, against AMQP_URL and
// DATABASE_URL (or their embedded stand-ins), with /metrics, /health/* and
// the read API on HTTP_PORT. Boot (createRiskService): migrations, the desk
// rebuilt from the journal and checked against the positions table, on a
// first start its market history read from MARKET_DATA_URL (../warm-up), a
// venue.snapshot-request sent, then risk.inbox consumed in batches. Ready
// only while a venue snapshot agrees with the book. With LOCKSTEP it holds
// each step's inputs until the replay releases them, and sends receipts
// (FLOW_RECEIPTS: receipts alone).
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { ConfigError, SystemClock } from '@trading/config';
import { MessageFactory, patterns } from '@trading/contracts';
import { type Clock, Money, SeededRandom, instrumentFor, isTimeframe } from '@trading/domain';
import { busReadyCheck, databaseReadyCheck, startServiceObservability } from '@trading/observability';
import { databaseOptionsFromConfig } from '@trading/persistence';
import { DEFAULT_RISK_LIMITS, RiskLimitsError, parseRiskLimits, type RiskLimits } from '@trading/risk-engine';
import { NO_RECEIPTS, busReceipts, type Infrastructure, type InfrastructureOpener } from '@trading/runtime';
import { RISK_INBOX } from '../bus/risk-inbox.controller';
import type { RiskDeskService } from '../desk/risk-desk.service';
import type { RiskDeskSettings } from '../desk/risk-runtime';
import { riskServiceMigrations } from '../migrations';
import { registerReadApi } from '../read-api/read-api.routes';
import { type RiskServiceConfig, loadRiskServiceConfig } from '../risk-service.config';
import { RiskServiceMetrics } from '../risk-service.metrics';
import { createRiskService, type RiskService } from '../risk.service';
import { warmUpHook } from '../warm-up/warm-up-hook';

export interface RunningRiskService {
  readonly service: RiskService;
  readonly desk: RiskDeskService;
  stop(): Promise<void>;
}

/** `wallClock` stamps rows and dates the warm-up's history (tests pin it to the data's hours). */
export async function serveRisk(openInfrastructure: InfrastructureOpener, environment = process.env, wallClock: Clock = new SystemClock()): Promise<RunningRiskService> {
  const config = loadRiskServiceConfig(environment);
  const settings = deskSettings(config);
  const receipts = config.lockstep || config.receipts;
  const observability = await startServiceObservability({ service: config.service, level: config.logLevel, port: config.httpPort });
  const { logger } = observability;
  let service: RiskService | undefined;
  const metrics = new RiskServiceMetrics(observability.metrics);
  const warmUp = warmUpHook({
    config: config.warmUp,
    symbols: settings.instruments.map((instrument) => instrument.symbol),
    timeframe: settings.timeframe ?? 'H1',
    limits: settings.limits,
    clock: wallClock,
    logger,
    metrics,
    random: new SeededRandom(0x71c),
  });
  observability.health.register('warm-up', () => warmUp.check());
  observability.health.register('reconciled', () => {
    if (service === undefined || !service.reconciled) throw new Error('not restored or not reconciled with the venue yet');
  });
  let infra: Infrastructure;
  try {
    infra = await openInfrastructure({
      service: config.service,
      amqpUrl: config.amqpUrl,
      database: { ...databaseOptionsFromConfig(config.database, config.service), migrations: [...riskServiceMigrations] },
      random: new SeededRandom(0x71c),
      logger,
      // A receipt nobody takes (no replay is tapping the bus) is dropped: the batch it
      // names is committed, and must not be redelivered into the dead letters for it.
      mayBeUnroutable: receipts ? [patterns.flowHandled()] : [],
    });
  } catch (error) {
    await observability.close();
    throw error;
  }
  observability.health.register('bus', busReadyCheck(infra.bus));
  observability.health.register('database', databaseReadyCheck(infra.database.dataSource));
  try {
    const receiptFactory = new MessageFactory({ clock: wallClock, random: new SeededRandom(0x71c), producer: config.service });
    service = await createRiskService({
      dataSource: infra.database.dataSource,
      schema: infra.database.schema,
      bus: infra.bus,
      settings: { desk: settings, maxBatch: config.maxBatch, lockstep: config.lockstep },
      wallClock,
      monotonicMs: () => performance.now(),
      logger,
      metrics,
      warmUp: warmUp.read,
      receipts: receipts ? busReceipts(infra.bus, receiptFactory) : NO_RECEIPTS,
    });
  } catch (error) {
    await infra.close().catch(() => undefined);
    await observability.close();
    throw error;
  }
  const running = service;
  registerReadApi(observability.routes, () => running.desk);
  // Ready only while the transport consumes the queue (a stopped service has no consumer left).
  observability.health.register('consumer', () => {
    if (!running.consumers().some((consumer) => consumer.queue === RISK_INBOX.name)) throw new Error(`not consuming ${RISK_INBOX.name}`);
  });
  logger.info('risk started', { infrastructure: infra.modes });

  let stopping: Promise<void> | undefined;
  return {
    service: running,
    desk: running.desk,
    stop: () => {
      stopping ??= (async () => {
        logger.info('risk stopping');
        try {
          await running.stop();
        } finally {
          try {
            await infra.close();
          } finally {
            await observability.close();
          }
        }
      })();
      return stopping;
    },
  };
}

/** The desk's settings from the configuration; a bad one is a ConfigError naming the variable. */
export function deskSettings(config: RiskServiceConfig): RiskDeskSettings {
  const problem = (variable: string, text: string): never => {
    throw new ConfigError([{ variable, problem: text }]);
  };
  const symbols = config.desk.symbols.split(',').map((symbol) => symbol.trim());
  if (symbols.some((symbol) => !/^[A-Z]{6}$/.test(symbol))) problem('RISK_SYMBOLS', `must be six-letter symbols separated by commas, got ${JSON.stringify(config.desk.symbols)}`);
  if (!isTimeframe(config.desk.timeframe)) problem('RISK_TIMEFRAME', `must be one of M1, M5, M15, M30, H1, H4, D1, got ${JSON.stringify(config.desk.timeframe)}`);
  let initialCash: Money;
  try {
    initialCash = Money.of(config.desk.initialCash, config.desk.currency);
  } catch (error) {
    return problem('RISK_INITIAL_CASH', `must be a decimal amount (with RISK_CURRENCY a currency code): ${error instanceof Error ? error.message : String(error)}`);
  }
  let limits: RiskLimits = DEFAULT_RISK_LIMITS;
  if (config.desk.limitsFile !== undefined) {
    try {
      limits = parseRiskLimits(JSON.parse(readFileSync(config.desk.limitsFile, 'utf8')));
    } catch (error) {
      problem('RISK_LIMITS_FILE', `${config.desk.limitsFile}: ${error instanceof RiskLimitsError ? error.issues.join('; ') : error instanceof Error ? error.message : String(error)}`);
    }
  }
  const { spread, slippage, commission, swap } = config.desk.fill;
  const fill = { timing: 'next-open' as const, spread, slippage, commission, ...(swap === undefined ? {} : { swap }) };
  return { instruments: symbols.map((symbol) => instrumentFor(symbol)), initialCash, limits, fill, timeframe: config.desk.timeframe as RiskDeskSettings['timeframe'] };
}
