// What a strategy service does with each message of its queue, around the
// kernel's StrategyHost (the same code a backtest runs): bars of the feeds it
// trades go to the host and the signals come out on the bus; the venue's
// reports give the strategy its position; promoted parameters are checked and
// handed to the host for the next bar boundary. It keeps nothing durable: the
// warm-up rebuilds the host from history, with its signals dropped.
import { performance } from 'node:perf_hooks';
import { type Envelope, type MessageEnvelope, MessageFactory, type Topic, barId, currentPayload, topicMatches } from '@trading/contracts';
import { type Bar, type Clock, type RandomSource, timeframeMs } from '@trading/domain';
import { HeldInputs, type ParametersApplied, StrategyHost } from '@trading/kernel-hosts';
import { type DeliveredMessage, type MessageBus, RejectMessage } from '@trading/messaging';
import { type Logger, withCorrelation } from '@trading/observability';
import type { HandledReceipts } from '@trading/runtime';
import { parameterDifferences, parametersChangeOf } from './handling/parameters-update';
import { RecentIds } from './handling/recent-ids';
import type { StrategyServiceSettings } from './strategy-service.config';
import type { StrategyServiceMetrics } from './strategy-service.metrics';

/** Bars, reports and promotions remembered to recognise a redelivery (a consumer has at most its prefetch in flight). */
const REMEMBERED = 256;

interface Produced {
  readonly topic: Topic;
  readonly envelope: Envelope;
}

export interface StrategyServiceCore {
  readonly bus: MessageBus;
  readonly settings: StrategyServiceSettings;
  /** Producer name on its envelopes, e.g. strategy-intraday. */
  readonly producer: string;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly logger: Logger;
  readonly metrics: StrategyServiceMetrics;
  /** Monotonic milliseconds, for durations. */
  readonly monotonicMs?: () => number;
  /**
   * In a lockstep replay (`trading run`): the service holds the bars and
   * reports of a step until the replay's flow.release names its queue, then
   * handles them in the kernel's order (reports before the bar), and sends a
   * flow.handled receipt for every message it takes. Absent: it handles each
   * message as it comes and sends no receipt.
   */
  readonly lockstep?: {
    readonly receipts: HandledReceipts;
    /** False: receipts only, nothing held (a replay that follows its chain to the end without lockstep). Default true. */
    readonly hold?: boolean;
  };
}

export class StrategyService {
  readonly name: string;
  private readonly host: StrategyHost;
  private readonly barMs: number;
  private readonly marketData: MessageFactory;
  private readonly monotonicMs: () => number;
  /** What the host published during the current call; nothing while warming up. */
  private produced: Produced[] = [];
  private warming = false;
  /** Start time of the last bar handled, per symbol. */
  private readonly lastBar = new Map<string, number>();
  /** Bars handled live, with the signals they produced, for republishing on a redelivery. */
  private readonly handledBars = new RecentIds<readonly Produced[]>(REMEMBERED);
  private readonly appliedReports = new RecentIds<true>(REMEMBERED);
  private readonly lastReport = new Map<string, number>();
  private readonly acceptedPromotions = new RecentIds<true>(REMEMBERED);
  /** This service's queue, as its lockstep receipts name it. */
  private readonly queue: string;
  private readonly held = new HeldInputs();

  constructor(private readonly core: StrategyServiceCore) {
    const { settings } = core;
    this.name = settings.definition.name;
    this.queue = `strategy-${this.name}.bars`;
    this.barMs = timeframeMs(settings.timeframe);
    this.monotonicMs = core.monotonicMs ?? (() => performance.now());
    this.marketData = new MessageFactory({ clock: core.clock, random: core.random, producer: 'market-data' });
    this.host = new StrategyHost({
      strategies: [{ definition: settings.definition, parameters: settings.parameters, parametersVersion: settings.parametersVersion }],
      factory: new MessageFactory({ clock: core.clock, random: core.random, producer: core.producer }),
      publish: (topic, envelope) => {
        if (!this.warming) this.produced.push({ topic: topic as Topic, envelope });
      },
      historyBars: settings.warmupBars,
      onParametersApplied: (applied) => this.parametersApplied(applied),
    });
  }

  /** Feeds history through the host with its signals dropped; returns the bars used per symbol. Bars after `now` or already handled are left out. */
  warmUp(histories: ReadonlyMap<string, readonly Bar[]>, now: number): Map<string, number> {
    const used = new Map<string, number>();
    this.warming = true;
    try {
      for (const symbol of [...histories.keys()].sort()) {
        let count = 0;
        for (const bar of histories.get(symbol) ?? []) {
          const close = bar.time + this.barMs;
          if (close > now || bar.time <= (this.lastBar.get(symbol) ?? Number.NEGATIVE_INFINITY)) continue;
          const payload = { symbol: bar.symbol, timeframe: bar.timeframe, time: bar.time, open: bar.open, high: bar.high, low: bar.low, close: bar.close, volume: bar.volume, spread: bar.spread };
          this.host.onBar(this.marketData.create('market.bar', payload, { id: barId(bar.symbol, bar.timeframe, bar.time, close), occurredAt: close }));
          this.lastBar.set(symbol, bar.time);
          count++;
        }
        used.set(symbol, count);
      }
    } finally {
      this.warming = false;
    }
    return used;
  }

  /** The queue's handler: resolve to ack, RejectMessage to dead-letter, any other error to be redelivered. */
  handle(message: DeliveredMessage): Promise<void> {
    const { envelope } = message;
    return withCorrelation(envelope.correlationId, async () => {
      const lockstep = this.core.lockstep;
      if (lockstep === undefined) {
        await this.take(message);
        return;
      }
      let produced: readonly Envelope[] = [];
      if (envelope.type === 'flow.release') {
        if ((envelope.payload as { consumer: string }).consumer === this.queue) produced = await this.release();
      } else if ((envelope.type === 'market.bar' || envelope.type === 'execution.report') && lockstep.hold !== false) {
        this.held.hold(envelope);
      } else {
        produced = await this.take(message);
      }
      await lockstep.receipts.send(this.queue, envelope, produced, this.held.size);
    });
  }

  /** Handles what a lockstep step brought, in the kernel's order; what fails stays held for the redelivered release. */
  private async release(): Promise<Envelope[]> {
    const pending = this.held.release();
    const produced: Envelope[] = [];
    try {
      while (pending.length > 0) {
        const envelope = pending[0];
        // Each under its own chain's correlation id, not the release's.
        produced.push(...(await withCorrelation(envelope.correlationId, () => this.take({ envelope, routingKey: `${envelope.type}.held`, deliveryCount: 1 }))));
        pending.shift();
      }
    } finally {
      for (const envelope of pending) this.held.hold(envelope);
    }
    return produced;
  }

  /** One message, handled now: what it published. */
  private async take(message: DeliveredMessage): Promise<readonly Envelope[]> {
    const { envelope } = message;
    switch (envelope.type) {
      case 'market.bar':
        return this.onBar({ ...envelope, payload: currentPayload(envelope, 'market.bar') } as MessageEnvelope<'market.bar'>);
      case 'execution.report':
        this.onReport({ ...envelope, payload: currentPayload(envelope, 'execution.report') } as MessageEnvelope<'execution.report'>);
        return [];
      case 'optimizer.params':
        if (!topicMatches(`optimizer.params.${this.name}`, message.routingKey)) throw new RejectMessage(`optimizer.params on ${message.routingKey} is not for ${this.name}`);
        this.onPromotion({ ...envelope, payload: currentPayload(envelope, 'optimizer.params') } as MessageEnvelope<'optimizer.params'>);
        return [];
      case 'flow.release':
        // Outside a lockstep replay there is nothing held to release.
        return [];
      default:
        throw new RejectMessage(`the ${this.name} strategy takes market.bar, execution.report and optimizer.params, not ${envelope.type}`);
    }
  }

  private async onBar(envelope: MessageEnvelope<'market.bar'>): Promise<readonly Envelope[]> {
    const bar = envelope.payload;
    const { settings, metrics } = this.core;
    if (bar.timeframe !== settings.timeframe || !settings.symbols.includes(bar.symbol)) {
      metrics.barSkipped('not-traded');
      return [];
    }
    const started = this.monotonicMs();
    if (bar.time <= (this.lastBar.get(bar.symbol) ?? Number.NEGATIVE_INFINITY)) {
      // Handled already (or older than what was): never fed twice. A bar handled live is
      // redelivered when its signals did not all get out; they go out again, same ids.
      const produced = this.handledBars.get(envelope.id);
      if (produced === undefined) {
        metrics.barSkipped('stale');
        this.core.logger.debug('bar skipped: not after the last one handled', { symbol: bar.symbol, barTime: bar.time, lastBarTime: this.lastBar.get(bar.symbol) });
        return [];
      }
      metrics.barSkipped('redelivered');
      for (const signal of produced) {
        await this.core.bus.publish(signal.topic, signal.envelope);
        metrics.signalRepublished();
      }
      return produced.map((signal) => signal.envelope);
    }
    this.produced = [];
    this.host.onBar(envelope);
    const produced = this.produced;
    this.produced = [];
    this.lastBar.set(bar.symbol, bar.time);
    this.handledBars.add(envelope.id, produced);
    metrics.barHandled(bar.symbol, bar.timeframe, bar.time + this.barMs);
    for (const { topic, envelope: signal } of produced) {
      await this.core.bus.publish(topic, signal);
      const payload = signal.payload as { symbol: string; side: string; barTime: number; parametersVersion?: string; reason: string };
      metrics.signalPublished(payload.symbol, payload.side);
      this.core.logger.info('signal', { id: signal.id, symbol: payload.symbol, side: payload.side, barTime: payload.barTime, parametersVersion: payload.parametersVersion, reason: payload.reason });
    }
    metrics.barHandlingSeconds((this.monotonicMs() - started) / 1000);
    return produced.map((signal) => signal.envelope);
  }

  private onReport(envelope: MessageEnvelope<'execution.report'>): void {
    const report = envelope.payload;
    const { metrics } = this.core;
    if (report.strategy !== this.name) return metrics.report('other-strategy');
    if (this.appliedReports.has(envelope.id)) return metrics.report('redelivered');
    // A report older than the last one applied would set a position the venue has since changed.
    if (report.executedAt < (this.lastReport.get(report.symbol) ?? Number.NEGATIVE_INFINITY)) return metrics.report('stale');
    this.host.onReport(envelope);
    this.appliedReports.add(envelope.id, true);
    this.lastReport.set(report.symbol, report.executedAt);
    metrics.report('applied');
  }

  private onPromotion(envelope: MessageEnvelope<'optimizer.params'>): void {
    const { metrics, logger, settings } = this.core;
    if (this.acceptedPromotions.has(envelope.id)) return metrics.parametersUpdate('repeated');
    let change;
    try {
      change = parametersChangeOf(envelope.payload, settings);
    } catch (error) {
      metrics.parametersUpdate('rejected');
      logger.warn('parameters rejected', { messageId: envelope.id, error: error instanceof Error ? error.message : String(error) });
      throw error;
    }
    this.host.setParameters(change);
    this.acceptedPromotions.add(envelope.id, true);
    metrics.parametersUpdate('accepted');
    const symbols = change.symbol === undefined ? settings.symbols : [change.symbol];
    const current = symbols.map((symbol) => ({ symbol, now: this.host.parametersOf(this.name, symbol, settings.timeframe) }));
    logger.info('parameters accepted: in effect from the next bar at or after effectiveFrom', {
      version: change.version,
      symbols,
      effectiveFrom: change.effectiveFrom,
      changes: current.map(({ symbol, now }) => ({ symbol, from: now?.version ?? settings.parametersVersion, parameters: parameterDifferences(now?.parameters ?? settings.parameters, change.parameters) })),
    });
  }

  private parametersApplied(applied: ParametersApplied): void {
    this.core.metrics.parametersUpdate('applied');
    const fields = {
      symbol: applied.symbol,
      barTime: applied.barTime,
      from: applied.previous.version,
      to: applied.next.version,
      parameters: parameterDifferences(applied.previous.parameters, applied.next.parameters),
      replayedBars: applied.replayedBars,
      warmupBars: applied.warmupBars,
    };
    if (applied.replayedBars < applied.warmupBars) this.core.logger.warn('parameters applied on too little history: the strategy is cold until it has seen its warm-up bars', fields);
    else this.core.logger.info('parameters applied', fields);
  }
}
