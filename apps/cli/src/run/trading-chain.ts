// The services of `trading run` behind market-data: order-execution with the
// paper venue, risk (the portfolio authority), and one strategy service per
// strategy, each booted by its own composition function — the same one its
// app and `trading serve` use — on its own connections, clock and random
// source, with the settings ./chain-plan works out (what `--processes` hands
// each child through its environment instead). Booted in the order a
// deployment starts them: the venue first (it announces its book), then risk
// (fail-closed until that book agrees with its own), then the strategies.
import { performance } from 'node:perf_hooks';
import type { StrategyRun } from '@trading/backtest';
import { type Envelope, MessageFactory, patterns, type RoutePattern } from '@trading/contracts';
import type { MessageBus } from '@trading/messaging';
import { type Clock, ManualClock, SeededRandom } from '@trading/domain';
import { type Logger, ServiceMetrics } from '@trading/observability';
import { createOrderExecutionService, orderExecutionMigrations, OrderExecutionMetrics, paperBrokerFactory } from '@trading/order-execution-service';
import { DESK_HISTORY_CLOSES } from '@trading/risk-engine';
import { createRiskService, type DrivingSeries, readRiskWarmUp, type RiskDeskService, riskServiceMigrations } from '@trading/risk-service';
import { RabbitMqBus, SERVICE_QUEUES } from '@trading/messaging/rabbitmq';
import type { BarHistory, HandledReceipts } from '@trading/runtime';
import { createStrategyService, type RunningStrategyService } from '@trading/strategy-service';
import { type ChainInput, planChain } from './chain-plan';
import type { RunInfrastructure, ServiceInfrastructure } from './service-infrastructure';
import type { PortfolioSummary } from './system-run';

/**
 * How the services start: cold (a replay is their history), or warmed up from
 * market-data's store as of a market time (live): the strategies on their
 * feeds, risk on `driving`, the series that move its market state.
 */
export type ChainStart = { readonly kind: 'cold' } | { readonly kind: 'warm'; readonly history: BarHistory; readonly asOf: number; readonly driving: readonly DrivingSeries[] };

export interface ChainSettings extends ChainInput {
  /** How the strategies and risk start: cold in a replay, warmed up live. */
  readonly start: ChainStart;
  /** The receipts each service sends on its bus, so the run can follow every chain of messages to its end. */
  readonly receipts: (bus: ServiceInfrastructure['bus'], producer: string) => HandledReceipts;
}

export interface TradingChain {
  /** The queues of the chain's consumers with their bindings, for the lockstep barrier. */
  readonly consumers: readonly { readonly queue: string; readonly bindings: readonly string[] }[];
  /** The strategy services' queues, released before risk in a lockstep step. */
  readonly strategyQueues: readonly string[];
  /** Whether risk's book agrees with the venue's snapshot (its fail-closed start is over). */
  reconciled(): Promise<boolean>;
  /** The account as risk holds it, for the summary. */
  portfolio(): Promise<PortfolioSummary>;
  /** Risk's decision log as its table keeps it, in order. */
  decisionLines(): Promise<string[]>;
  stop(): Promise<void>;
}

/** The queues the chain consumes with their bindings (the lockstep barrier's consumers): the venue, risk, a strategy service each. */
export function chainConsumers(runs: readonly StrategyRun[]): { queue: string; bindings: readonly string[] }[] {
  const queues = ['order-execution.orders', 'risk.inbox', ...runs.map((run) => `strategy-${run.definition.name}.bars`)];
  return queues.map((queue) => {
    const topology = SERVICE_QUEUES.find((candidate) => candidate.name === queue);
    if (topology === undefined) throw new Error(`the messaging topology has no ${queue} queue`);
    return { queue, bindings: topology.bindings };
  });
}

/**
 * Declares the chain's queues, bound, before any service starts — as a
 * deployment imports its topology first — so what one service announces at
 * start (the venue's snapshot) reaches a consumer that starts after it, and
 * the barrier's count of who owes a receipt holds from the first message. On
 * RabbitMQ it empties them too: a replay starts from nothing, so `trading run`
 * over RabbitMQ wants a vhost of its own, not one live services use.
 */
export async function declareChainQueues(bus: MessageBus, runs: readonly StrategyRun[]): Promise<void> {
  for (const { queue } of chainConsumers(runs)) {
    const topology = SERVICE_QUEUES.find((candidate) => candidate.name === queue) as (typeof SERVICE_QUEUES)[number];
    const handle = await bus.consume({
      queue,
      bindings: topology.bindings as readonly RoutePattern[],
      maxDeliveries: topology.maxDeliveries,
      singleActiveConsumer: topology.singleActiveConsumer,
      queueType: topology.queueType,
      // Nothing is published on these topics before the services start; were it, it would wait for them.
      handler: async () => {
        throw new Error(`${queue} is not consumed yet`);
      },
    } as Parameters<MessageBus['consume']>[0]);
    await handle.cancel();
    // A replay owns its queues: what an earlier or killed run left in them would be handled as this run's.
    if (bus instanceof RabbitMqBus) await bus.purgeQueue(queue);
  }
}

export async function startTradingChain(infrastructure: RunInfrastructure, settings: ChainSettings, logger: Logger, wallClock: Clock): Promise<TradingChain> {
  const stops: Array<() => Promise<void>> = [];
  const stop = async (): Promise<void> => {
    for (const close of stops.splice(0).reverse()) await close().catch((error: unknown) => logger.warn('error while stopping the chain', { error: String(error) }));
  };
  const plan = planChain(settings);
  const unroutable = settings.lockstep ? [patterns.flowHandled()] : [];
  try {
    // order-execution: the paper venue on the bars that drive it, as in the backtest.
    const venueInfra = await infrastructure.open({ service: 'order-execution', migrations: [...orderExecutionMigrations], mayBeUnroutable: unroutable });
    stops.push(() => venueInfra.close());
    const { seed: venueSeed, ...paper } = plan.venue;
    const venueFactory = new MessageFactory({ clock: new ManualClock(0), random: new SeededRandom(venueSeed), producer: 'order-execution' });
    const venue = await createOrderExecutionService({
      dataSource: venueInfra.database.dataSource,
      schema: venueInfra.database.schema,
      bus: venueInfra.bus,
      newBroker: paperBrokerFactory({ ...paper, producer: 'order-execution' }),
      venue: 'paper',
      consumer: 'order-execution',
      factory: venueFactory,
      wallClock,
      logger: logger.child({ service: 'order-execution' }),
      metrics: new OrderExecutionMetrics(new ServiceMetrics({ service: 'order-execution', defaultMetrics: false }), wallClock),
      receipts: settings.receipts(venueInfra.bus, 'order-execution'),
    });
    stops.push(() => venue.stop());

    // risk: restores (nothing, in a fresh run), warms up live on the bars that drive its market
    // state, asks the venue for its book, and takes no exposure until they agree.
    const start = settings.start;
    const riskInfra = await infrastructure.open({ service: 'risk', migrations: [...riskServiceMigrations], mayBeUnroutable: unroutable });
    stops.push(() => riskInfra.close());
    const riskService = await createRiskService({
      dataSource: riskInfra.database.dataSource,
      schema: riskInfra.database.schema,
      bus: riskInfra.bus,
      settings: plan.risk,
      wallClock,
      monotonicMs: () => performance.now(),
      logger: logger.child({ service: 'risk' }),
      receipts: settings.receipts(riskInfra.bus, 'risk'),
      ...(start.kind === 'warm' ? { warmUp: () => warmRiskUp(start, logger.child({ service: 'risk' })) } : {}),
    });
    stops.push(() => riskService.stop());
    const risk = riskService.desk;

    // The strategies: cold in a replay, as a backtest starts (the replay is their history);
    // live, warmed up from the history market-data stored before its first live bar.
    const strategies: RunningStrategyService[] = [];
    const quiet = logger.child({ service: 'strategies' });
    for (const strategy of plan.strategies) {
      const name = strategy.service;
      const strategyInfra = await infrastructure.openBus(name, unroutable);
      stops.push(() => strategyInfra.close());
      const service = createStrategyService({
        bus: strategyInfra.bus,
        settings: strategy.settings,
        producer: name,
        clock: new ManualClock(start.kind === 'warm' ? start.asOf : 0),
        random: new SeededRandom(strategy.seed),
        logger: quiet.child({ service: name }),
        metrics: new ServiceMetrics({ service: name, defaultMetrics: false }),
        history: start.kind === 'warm' ? start.history : { bars: async () => [] },
        cold: start.kind === 'cold',
        lockstep: { receipts: settings.receipts(strategyInfra.bus, name), hold: settings.lockstep },
      });
      strategies.push(service);
      stops.push(() => service.stop());
    }
    await Promise.all(strategies.map((service) => service.ready));
    return {
      consumers: chainConsumers(settings.runs),
      strategyQueues: strategies.map((service) => service.queue),
      reconciled: async () => !risk.failClosed,
      portfolio: async () => portfolioOf(risk),
      decisionLines: async () => {
        const rows: { line: string }[] = await riskInfra.database.dataSource.query(`SELECT "line" FROM "${riskInfra.database.schema}"."risk_decisions" ORDER BY "sequence"`);
        return rows.map((row) => row.line.replace(/\n$/, ''));
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Risk's market history as of the strategies' warm-up: the closes its desk keeps, of each driving series. */
async function warmRiskUp(start: Extract<ChainStart, { kind: 'warm' }>, logger: Logger): Promise<readonly Envelope[]> {
  const warm = await readRiskWarmUp({ history: start.history, series: start.driving, bars: DESK_HISTORY_CLOSES, clock: new ManualClock(start.asOf) });
  for (const [symbol, count] of warm.bars) {
    if (count < DESK_HISTORY_CLOSES) logger.warn('less market history than the desk keeps: VaR and correlation may refuse until it has seen more bars', { symbol, bars: count, keeps: DESK_HISTORY_CLOSES });
  }
  logger.info('warmed up from market history', { bars: Object.fromEntries(warm.bars), until: new Date(warm.now).toISOString() });
  return warm.envelopes;
}

/** The account as risk's desk holds it. */
function portfolioOf(risk: RiskDeskService): PortfolioSummary {
  const host = risk.desk.host;
  const book = host.desk.book;
  const ledger = book.ledger;
  let openPositions = 0;
  for (let position = 0; position < ledger.positionCount; position++) if (ledger.view(position).side !== 0) openPositions++;
  return { equity: book.equity().toFixed(2), finalEquity: book.cash.amount.toFixed(2), openPositions, state: host.announcement().state };
}
