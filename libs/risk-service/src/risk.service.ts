// The risk service over its infrastructure: the desk restored from the
// journal and started fail-closed, the outbox relay that sends what the desk
// committed, and the bus microservice whose controller feeds the desk
// risk.inbox in batches. The hosts (`trading serve risk`, its app, `trading
// run`, tests) open the bus and the database and hand them in.
import type { INestMicroservice } from '@nestjs/common';
import type { Envelope } from '@trading/contracts';
import type { Clock } from '@trading/domain';
import { riskStatePayload } from '@trading/kernel-hosts';
import type { MessageBus } from '@trading/messaging';
import { busConsumersOf, createBusMicroservice, type BusConsumer } from '@trading/messaging/nest';
import type { Logger } from '@trading/observability';
import { OutboxRelay } from '@trading/persistence';
import { NO_RECEIPTS, type HandledReceipts } from '@trading/runtime';
import type { DataSource } from 'typeorm';
import { RISK_INBOX } from './bus/risk-inbox.controller';
import { RiskDeskService, type RiskDeskObserver } from './desk/risk-desk.service';
import type { RiskDeskSettings } from './desk/risk-runtime';
import { RiskModule } from './risk-service.module';
import type { RiskMetrics } from './risk-service.metrics';

export interface RiskServiceSettings {
  readonly desk: RiskDeskSettings;
  /** Messages per batch, one transaction each (RISK_MAX_BATCH). */
  readonly maxBatch: number;
  /** A lockstep replay (LOCKSTEP): hold a step's inputs until its flow.release. */
  readonly lockstep: boolean;
}

export interface RiskServiceDependencies {
  readonly dataSource: DataSource;
  readonly schema: string;
  readonly bus: MessageBus;
  readonly settings: RiskServiceSettings;
  /** Stamps of the inbox, journal and outbox rows (decisions take market time). */
  readonly wallClock: Clock;
  /** Monotonic milliseconds, for the batch latency metric. */
  readonly monotonicMs?: () => number;
  readonly logger: Logger;
  readonly metrics?: RiskMetrics;
  /**
   * Sent after each batch commits, one per message, naming the envelopes its
   * handling put in the outbox and how many are held (a lockstep replay's
   * barrier waits for them); none by default.
   */
  readonly receipts?: HandledReceipts;
  /** Queue to consume (tests); the topology's risk.inbox by default. */
  readonly queue?: string;
  readonly relayPollIntervalMs?: number;
  /** Market history for a first start (an empty journal): see RiskDeskServiceOptions.warmUp. Cold when absent. */
  readonly warmUp?: () => Promise<readonly Envelope[]>;
}

export class RiskService {
  private stopping: Promise<void> | undefined;

  constructor(
    readonly desk: RiskDeskService,
    readonly app: INestMicroservice,
    private readonly relay: OutboxRelay,
    private readonly logger: Logger,
  ) {}

  /** The consumers the bus transport registered (queue, bindings, handler), for health pages and tests; none once stopped. */
  consumers(): readonly BusConsumer[] {
    return busConsumersOf(this.app);
  }

  /** Whether the book agrees with the venue (new exposure allowed by the start gate). */
  get reconciled(): boolean {
    return !this.desk.failClosed;
  }

  /** Stops consuming (the batch in hand finishes and is acked), then the relay; the bus stays its owner's. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      try {
        await this.app.close();
      } finally {
        await this.relay.stop();
      }
      this.logger.info('risk stopped');
    })();
    return this.stopping;
  }
}

/**
 * The service's composition: starts the relay, opens the desk (the journal
 * replayed through its gate and checked against the positions table, then a
 * venue.snapshot-request sent and new exposure refused until a snapshot
 * agrees), then boots the bus microservice that consumes risk.inbox.
 */
export async function createRiskService(dependencies: RiskServiceDependencies): Promise<RiskService> {
  const { dataSource, schema, wallClock: clock, logger, settings } = dependencies;
  const queue = dependencies.queue ?? RISK_INBOX.name;
  const relay = new OutboxRelay({
    dataSource,
    bus: dependencies.bus,
    clock,
    schema,
    pollIntervalMs: dependencies.relayPollIntervalMs,
    onError: (error, failures) => logger.warn('outbox relay round failed', { error: String(error), failures }),
    onRejected: (sequence, topic, reason) => logger.error('the broker refused an outbox message', { sequence: String(sequence), topic, reason }),
  });
  relay.start();
  let desk: RiskDeskService;
  let app: INestMicroservice;
  try {
    const observer = deskObserver(logger, dependencies.metrics, () => desk);
    desk = await RiskDeskService.open({
      dataSource,
      schema,
      settings: settings.desk,
      clock,
      monotonicMs: dependencies.monotonicMs,
      observer,
      ...(settings.lockstep ? { lockstep: { queue } } : {}),
      ...(dependencies.warmUp === undefined ? {} : { warmUp: dependencies.warmUp }),
    });
    dependencies.metrics?.journalLength(desk.journalEntries);
    const module = RiskModule.forRoot({ bus: dependencies.bus, desk, receipts: dependencies.receipts ?? NO_RECEIPTS, maxBatch: settings.maxBatch, queue });
    // The caller owns the bus and closes it after this service stopped (the relay publishes on it until then).
    app = await createBusMicroservice(module, { bus: dependencies.bus, logger });
  } catch (error) {
    await relay.stop();
    throw error;
  }
  logger.info('risk consuming, fail-closed until a venue snapshot agrees', {
    queue,
    journalEntries: desk.journalEntries,
    held: desk.heldCount,
    maxBatch: settings.maxBatch,
    lockstep: settings.lockstep,
    symbols: settings.desk.instruments.map((instrument) => instrument.symbol),
  });
  return new RiskService(desk, app, relay, logger);
}

/** Metrics and logs of each batch; `desk` is unset during the start batch, which runs inside open(). */
function deskObserver(logger: Logger, metrics: RiskMetrics | undefined, desk: () => RiskDeskService | undefined): RiskDeskObserver {
  let reconciled = false;
  return {
    batchCommitted: (report, seconds, journal) => {
      metrics?.batchCommitted(report, seconds, journal);
      for (const effect of report.effects) {
        for (const { envelope } of effect.published) if (envelope.type === 'risk.state') logger.info('trading state announced', { correlationId: envelope.correlationId, ...(envelope.payload as object) });
        if (effect.outcome === 'refused') logger.warn('message refused', { correlationId: effect.envelope.correlationId, type: effect.envelope.type, id: effect.envelope.id, reason: effect.refusal });
      }
      const opened = desk();
      if (opened === undefined) return;
      const host = opened.desk.host;
      const marks = riskStatePayload(host.desk, host.announcement(), null, host.now());
      metrics?.account(Number(marks.equity), marks.drawdown);
      if (reconciled !== !opened.failClosed) {
        reconciled = !opened.failClosed;
        if (reconciled) logger.info('the book agrees with the venue: ready, taking new exposure');
        else logger.warn('the book no longer agrees with the venue: not ready, no new exposure');
      }
    },
    batchFailed: (error, size) => {
      metrics?.batchFailed();
      logger.error('batch failed; the desk will be rebuilt from the journal', { size, error: error instanceof Error ? error.message : String(error) });
    },
    rebuilt: (replayed) => {
      metrics?.rebuilt();
      logger.warn('desk rebuilt from the journal', { replayed });
    },
  };
}
