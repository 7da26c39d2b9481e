// `trading serve risk`: the risk service alone, against AMQP_URL and
// DATABASE_URL (or their embedded stand-ins), with /metrics, /health/* and
// the read API on HTTP_PORT. Boot: migrations, the desk rebuilt from the
// journal and checked against the positions table, a venue.snapshot-request
// sent, then risk.inbox consumed. Ready only once a venue snapshot agreed.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { ConfigError, SystemClock } from '@trading/config';
import { Money, SeededRandom, instrumentFor, isTimeframe } from '@trading/domain';
import { busReadyCheck, databaseReadyCheck, startServiceObservability } from '@trading/observability';
import { OutboxRelay, databaseOptionsFromConfig } from '@trading/persistence';
import { DEFAULT_RISK_LIMITS, RiskLimitsError, parseRiskLimits, type RiskLimits } from '@trading/risk-engine';
import type { Infrastructure, InfrastructureOpener } from '@trading/runtime';
import { DEFAULT_FILL_MODEL } from '@trading/simulated-venue';
import { riskStatePayload } from '@trading/kernel-hosts';
import { RiskDeskService } from '../desk/risk-desk.service';
import type { RiskDeskSettings } from '../desk/risk-runtime';
import { riskServiceMigrations } from '../migrations';
import { registerReadApi } from '../read-api/read-api.routes';
import { consumeRiskInbox } from '../risk-bus.adapter';
import { type RiskServiceConfig, loadRiskServiceConfig } from '../risk-service.config';
import { RiskServiceMetrics } from '../risk-service.metrics';

export interface RunningRiskService {
  readonly desk: RiskDeskService;
  stop(): Promise<void>;
}

export async function serveRisk(openInfrastructure: InfrastructureOpener, environment = process.env): Promise<RunningRiskService> {
  const config = loadRiskServiceConfig(environment);
  const settings = deskSettings(config);
  const wallClock = new SystemClock();
  const observability = await startServiceObservability({ service: config.service, level: config.logLevel, port: config.httpPort });
  const { logger } = observability;
  let ready = false;
  observability.health.register('reconciled', () => {
    if (!ready) throw new Error('not restored or not reconciled with the venue yet');
  });
  let infra: Infrastructure;
  try {
    infra = await openInfrastructure({
      service: config.service,
      amqpUrl: config.amqpUrl,
      database: { ...databaseOptionsFromConfig(config.database, config.service), migrations: [...riskServiceMigrations] },
      random: new SeededRandom(0x71c),
      logger,
    });
  } catch (error) {
    await observability.close();
    throw error;
  }
  observability.health.register('bus', busReadyCheck(infra.bus));
  observability.health.register('database', databaseReadyCheck(infra.database.dataSource));
  const metrics = new RiskServiceMetrics(observability.metrics);
  const relay = new OutboxRelay({ dataSource: infra.database.dataSource, bus: infra.bus, clock: wallClock, schema: infra.database.schema, onError: (error) => logger.warn('outbox relay round failed', { error: String(error) }) });
  // Set once open() returns; the start batch (the snapshot request) runs before.
  let opened: RiskDeskService | undefined;
  let desk: RiskDeskService;
  try {
    relay.start();
    desk = await RiskDeskService.open({
      dataSource: infra.database.dataSource,
      schema: infra.database.schema,
      settings,
      clock: wallClock,
      monotonicMs: () => performance.now(),
      observer: {
        batchCommitted: (report, seconds, journal) => {
          metrics.batchCommitted(report, seconds, journal);
          if (opened === undefined) return;
          const host = opened.desk.host;
          const marks = riskStatePayload(host.desk, host.announcement(), null, host.now());
          metrics.account(Number(marks.equity), marks.drawdown);
          for (const effect of report.effects) {
            for (const { envelope } of effect.published) if (envelope.type === 'risk.state') logger.info('trading state announced', { correlationId: envelope.correlationId, ...(envelope.payload as object) });
            if (effect.outcome === 'refused') logger.warn('message refused', { correlationId: effect.envelope.correlationId, type: effect.envelope.type, id: effect.envelope.id, reason: effect.refusal });
          }
          if (!ready && !opened.failClosed) {
            ready = true;
            logger.info('the book agrees with the venue: ready, taking new exposure');
          }
        },
        batchFailed: (error, size) => {
          metrics.batchFailed();
          logger.error('batch failed; the desk will be rebuilt from the journal', { size, error: error instanceof Error ? error.message : String(error) });
        },
        rebuilt: (replayed) => {
          metrics.rebuilt();
          logger.warn('desk rebuilt from the journal', { replayed });
        },
      },
    });
  } catch (error) {
    await relay.stop().catch(() => undefined);
    await infra.close().catch(() => undefined);
    await observability.close();
    throw error;
  }
  opened = desk;
  metrics.journalLength(desk.journalEntries);
  registerReadApi(observability.routes, () => desk);
  const consumer = await consumeRiskInbox(infra.bus, () => desk, { prefetch: config.maxBatch });
  logger.info('risk started, fail-closed until a venue snapshot agrees', { infrastructure: infra.modes, journal: desk.journalEntries, symbols: settings.instruments.map((i) => i.symbol) });

  let stopping: Promise<void> | undefined;
  return {
    desk,
    stop: () => {
      stopping ??= (async () => {
        logger.info('risk stopping');
        try {
          await consumer.cancel();
          await relay.stop();
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
  return { instruments: symbols.map((symbol) => instrumentFor(symbol)), initialCash, limits, fill: DEFAULT_FILL_MODEL, timeframe: config.desk.timeframe as RiskDeskSettings['timeframe'] };
}
