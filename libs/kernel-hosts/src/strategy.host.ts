// Strategies as a message handler, the way a strategy service runs them: each
// bar of a feed goes to every strategy that trades its timeframe (in name
// order), one bar at a time, and each signal goes out with an id derived from
// the bar that caused it. A strategy's position is the one the venue reports
// for it (execution.report's positionAfter), so it sees what it would see in
// a backtest.
import { type MessageEnvelope, type MessageFactory, signalIdFor, topics } from '@trading/contracts';
import { ManualClock, instrumentFor, type Timeframe } from '@trading/domain';
import { type ParameterValues, SingleBarFeed, type Strategy, type StrategyDefinition } from '@trading/strategies';
import type { Publish } from './publish';

export interface StrategyRunSpec {
  readonly definition: StrategyDefinition;
  readonly parameters: ParameterValues;
}

export interface StrategyHostOptions {
  readonly strategies: readonly StrategyRunSpec[];
  readonly factory: MessageFactory;
  readonly publish: Publish;
}

interface Running {
  readonly name: string;
  readonly strategy: Strategy;
}

export class StrategyHost {
  private readonly clock = new ManualClock(0);
  private readonly runs: StrategyRunSpec[];
  private readonly factory: MessageFactory;
  private readonly publish: Publish;
  /** Per feed (symbol and timeframe): its one-row feed and the strategies on it. */
  private readonly feeds = new Map<string, { feed: SingleBarFeed; strategies: Running[] }>();
  /** Signed lots per strategy and symbol, as the venue reports them. */
  private readonly positions = new Map<string, number>();

  constructor(options: StrategyHostOptions) {
    this.runs = [...options.strategies].sort((a, b) => (a.definition.name < b.definition.name ? -1 : a.definition.name > b.definition.name ? 1 : 0));
    this.factory = options.factory;
    this.publish = options.publish;
  }

  onBar(envelope: MessageEnvelope<'market.bar'>): void {
    const bar = envelope.payload;
    if (envelope.occurredAt > this.clock.now()) this.clock.set(envelope.occurredAt);
    const now = this.clock.now();
    const { feed, strategies } = this.feedOf(bar.symbol, bar.timeframe);
    const columns = feed.set(bar);
    for (const { name, strategy } of strategies) {
      const signal = strategy.onBar(columns, 0);
      if (signal === undefined) continue;
      const id = signalIdFor(envelope.id, name, now);
      this.publish(topics.signal(name, signal.symbol), this.factory.create('signal', signal, { id, occurredAt: now, causedBy: envelope }));
    }
  }

  onReport(envelope: MessageEnvelope<'execution.report'>): void {
    const report = envelope.payload;
    if (report.positionAfter !== undefined) this.positions.set(positionKey(report.strategy, report.symbol), Number(report.positionAfter));
  }

  private feedOf(symbol: string, timeframe: Timeframe): { feed: SingleBarFeed; strategies: Running[] } {
    const key = `${symbol}:${timeframe}`;
    let entry = this.feeds.get(key);
    if (entry === undefined) {
      const instrument = instrumentFor(symbol);
      const strategies = this.runs
        .filter((run) => run.definition.timeframes.includes(timeframe))
        .map((run) => ({
          name: run.definition.name,
          strategy: run.definition.create(run.parameters, { symbol, timeframe, instrument, clock: this.clock, positionSide: () => Math.sign(this.positions.get(positionKey(run.definition.name, symbol)) ?? 0) }),
        }));
      entry = { feed: new SingleBarFeed(symbol, timeframe), strategies };
      this.feeds.set(key, entry);
    }
    return entry;
  }
}

function positionKey(strategy: string, symbol: string): string {
  return `${strategy}\u0000${symbol}`;
}
