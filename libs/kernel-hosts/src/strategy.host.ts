// Strategies as a message handler, the way a strategy service runs them: each
// bar of a feed goes to every strategy that trades its timeframe (in name
// order), one bar at a time, and each signal goes out with an id derived from
// the bar that caused it. A strategy's position is the one the venue reports
// for it (execution.report's positionAfter), so it sees what it would see in
// a backtest. A strategy's parameters can change while it runs: the change
// lands at a bar boundary, and the new strategy is first rebuilt from the
// feed's last bars, so it starts with warm indicators.
import { type MessageEnvelope, type MessageFactory, signalIdFor, topics } from '@trading/contracts';
import { type Bar, ManualClock, instrumentFor, type Timeframe } from '@trading/domain';
import { type ParameterValues, SingleBarFeed, type Strategy, type StrategyDefinition } from '@trading/strategies';
import { BarRing } from './bar-ring';
import type { Publish } from './publish';

export interface StrategyRunSpec {
  readonly definition: StrategyDefinition;
  readonly parameters: ParameterValues;
  /** Carried as `parametersVersion` by every signal when set (a service's "defaults" or "{studyId}/{trialId}"); a backtest leaves it out. */
  readonly parametersVersion?: string;
}

/** New parameters for a strategy, on one symbol or all, from a bar time on. */
export interface ParametersChange {
  readonly strategy: string;
  /** Already checked: resolved by `resolveParameters` and accepted by the definition's `create`. */
  readonly parameters: ParameterValues;
  readonly version: string;
  /** Every symbol when absent. */
  readonly symbol?: string;
  /** Every timeframe when absent. */
  readonly timeframe?: Timeframe;
  /** The first bar (by start time) that runs on them; bars before it keep the parameters they had. */
  readonly effectiveFrom: number;
}

/** What happened at the bar boundary where a change took effect. */
export interface ParametersApplied {
  readonly strategy: string;
  readonly symbol: string;
  readonly timeframe: Timeframe;
  /** Start time of the first bar the new parameters run on. */
  readonly barTime: number;
  readonly previous: { readonly parameters: ParameterValues; readonly version: string | undefined };
  readonly next: { readonly parameters: ParameterValues; readonly version: string };
  /** Bars of the feed the new strategy was rebuilt from (at most `historyBars`). */
  readonly replayedBars: number;
  /** Bars the new strategy needs before it can signal: more than `replayedBars` means it starts cold. */
  readonly warmupBars: number;
}

export interface StrategyHostOptions {
  readonly strategies: readonly StrategyRunSpec[];
  readonly factory: MessageFactory;
  readonly publish: Publish;
  /** Bars kept per feed to rebuild a strategy whose parameters change. Default 0 (it restarts cold). */
  readonly historyBars?: number;
  readonly onParametersApplied?: (applied: ParametersApplied) => void;
}

interface Running {
  readonly definition: StrategyDefinition;
  strategy: Strategy;
  parameters: ParameterValues;
  version: string | undefined;
  /** Changes not yet in effect on this feed, in arrival order. */
  pending: ParametersChange[];
}

interface Feed {
  readonly symbol: string;
  readonly timeframe: Timeframe;
  readonly feed: SingleBarFeed;
  readonly history: BarRing;
  readonly strategies: Running[];
}

export class StrategyHost {
  private readonly clock = new ManualClock(0);
  private readonly runs: StrategyRunSpec[];
  private readonly factory: MessageFactory;
  private readonly publish: Publish;
  private readonly historyBars: number;
  private readonly onParametersApplied: ((applied: ParametersApplied) => void) | undefined;
  /** Per feed (symbol and timeframe): its one-row feed, its last bars and the strategies on it. */
  private readonly feeds = new Map<string, Feed>();
  /** Signed lots per strategy and symbol, as the venue reports them. */
  private readonly positions = new Map<string, number>();
  /** Every change received, for the feeds that start after it. */
  private readonly changes: ParametersChange[] = [];
  /** While a strategy is rebuilt from past bars it is flat: it knows those bars, not the positions it held on them. */
  private rebuilding = false;

  constructor(options: StrategyHostOptions) {
    this.runs = [...options.strategies].sort((a, b) => (a.definition.name < b.definition.name ? -1 : a.definition.name > b.definition.name ? 1 : 0));
    this.factory = options.factory;
    this.publish = options.publish;
    this.historyBars = options.historyBars ?? 0;
    this.onParametersApplied = options.onParametersApplied;
    if (!Number.isInteger(this.historyBars) || this.historyBars < 0) throw new RangeError(`historyBars must be a whole number ≥ 0, got ${this.historyBars}`);
  }

  onBar(envelope: MessageEnvelope<'market.bar'>): void {
    const bar = envelope.payload;
    if (envelope.occurredAt > this.clock.now()) this.clock.set(envelope.occurredAt);
    const now = this.clock.now();
    const entry = this.feedOf(bar.symbol, bar.timeframe);
    const strategies = entry.strategies;
    for (let k = 0; k < strategies.length; k++) if (strategies[k].pending.length > 0) this.applyDue(entry, strategies[k], bar.time);
    const columns = entry.feed.set(bar);
    for (const running of strategies) {
      const signal = running.strategy.onBar(columns, 0);
      if (signal === undefined) continue;
      const name = running.definition.name;
      const id = signalIdFor(envelope.id, name, now);
      const payload = running.version === undefined ? signal : { ...signal, parametersVersion: running.version };
      this.publish(topics.signal(name, signal.symbol), this.factory.create('signal', payload, { id, occurredAt: now, causedBy: envelope }));
    }
    entry.history.push(bar);
  }

  onReport(envelope: MessageEnvelope<'execution.report'>): void {
    const report = envelope.payload;
    if (report.positionAfter !== undefined) this.positions.set(positionKey(report.strategy, report.symbol), Number(report.positionAfter));
  }

  /**
   * Runs `change.strategy` on new parameters from the first bar of each
   * matching feed that starts at or after `change.effectiveFrom`: at that
   * bar, a new strategy is built on them, fed the feed's last bars (flat, its
   * signals dropped), and takes over. Feeds that start later use the latest
   * change in effect. Throws a RangeError for a strategy not run here.
   */
  setParameters(change: ParametersChange): void {
    if (!this.runs.some((run) => run.definition.name === change.strategy)) {
      throw new RangeError(`no strategy "${change.strategy}" runs here (running: ${this.runs.map((run) => run.definition.name).join(', ')})`);
    }
    this.changes.push(change);
    for (const entry of this.feeds.values()) {
      if (!appliesTo(change, entry.symbol, entry.timeframe)) continue;
      for (const running of entry.strategies) if (running.definition.name === change.strategy) running.pending.push(change);
    }
  }

  /** The parameters and version `strategy` runs on for a feed now (before any pending change), if the feed has started. */
  parametersOf(strategy: string, symbol: string, timeframe: Timeframe): { readonly parameters: ParameterValues; readonly version: string | undefined; readonly pending: number } | undefined {
    const running = this.feeds.get(feedKey(symbol, timeframe))?.strategies.find((candidate) => candidate.definition.name === strategy);
    return running === undefined ? undefined : { parameters: running.parameters, version: running.version, pending: running.pending.length };
  }

  private applyDue(entry: Feed, running: Running, barTime: number): void {
    let due: ParametersChange | undefined;
    running.pending = running.pending.filter((change) => {
      if (change.effectiveFrom > barTime) return true;
      due = change;
      return false;
    });
    if (due === undefined) return;
    const previous = { parameters: running.parameters, version: running.version };
    const strategy = this.create(running.definition, due.parameters, entry);
    this.rebuilding = true;
    try {
      entry.history.forEach(entry.symbol, entry.timeframe, (bar: Bar) => {
        strategy.onBar(entry.feed.set(bar), 0);
      });
    } finally {
      this.rebuilding = false;
    }
    running.strategy = strategy;
    running.parameters = due.parameters;
    running.version = due.version;
    this.onParametersApplied?.({
      strategy: running.definition.name,
      symbol: entry.symbol,
      timeframe: entry.timeframe,
      barTime,
      previous,
      next: { parameters: due.parameters, version: due.version },
      replayedBars: entry.history.length,
      warmupBars: strategy.warmupBars,
    });
  }

  private feedOf(symbol: string, timeframe: Timeframe): Feed {
    const key = feedKey(symbol, timeframe);
    let entry = this.feeds.get(key);
    if (entry === undefined) {
      const strategies: Running[] = [];
      entry = { symbol, timeframe, feed: new SingleBarFeed(symbol, timeframe), history: new BarRing(this.historyBars), strategies };
      for (const run of this.runs) {
        if (!run.definition.timeframes.includes(timeframe)) continue;
        const pending = this.changes.filter((change) => change.strategy === run.definition.name && appliesTo(change, symbol, timeframe));
        strategies.push({ definition: run.definition, strategy: this.create(run.definition, run.parameters, entry), parameters: run.parameters, version: run.parametersVersion, pending });
      }
      this.feeds.set(key, entry);
    }
    return entry;
  }

  private create(definition: StrategyDefinition, parameters: ParameterValues, entry: Pick<Feed, 'symbol' | 'timeframe'>): Strategy {
    const key = positionKey(definition.name, entry.symbol);
    return definition.create(parameters, {
      symbol: entry.symbol,
      timeframe: entry.timeframe,
      instrument: instrumentFor(entry.symbol),
      clock: this.clock,
      positionSide: () => (this.rebuilding ? 0 : Math.sign(this.positions.get(key) ?? 0)),
    });
  }
}

function appliesTo(change: ParametersChange, symbol: string, timeframe: Timeframe): boolean {
  return (change.symbol === undefined || change.symbol === symbol) && (change.timeframe === undefined || change.timeframe === timeframe);
}

function feedKey(symbol: string, timeframe: Timeframe): string {
  return `${symbol}:${timeframe}`;
}

function positionKey(strategy: string, symbol: string): string {
  return `${strategy}\u0000${symbol}`;
}
