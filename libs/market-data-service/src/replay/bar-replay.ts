// Replays validated bar files onto the bus as `market.bar.{tf}.{symbol}`, in
// close-time order across every feed, each bar followed by the quote at its
// close on `market.quote.{symbol}` (one per instant and symbol, from its finest
// timeframe: ./replay-quoting), after announcing each feed's validation findings on
// `market.data-quality.{symbol}`. Bar and quote ids derive from the bars; the
// market clock is a ManualClock moved to each bar's close, so the findings'
// envelopes too depend only on the data and the seed. Backpressure: at most
// `window` publishes await their broker confirm at once.
import type { MessageFactory } from '@trading/contracts';
import type { FindingKind } from '@trading/data-sources/files';
import { barAt, type BarColumns, type ManualClock, type Quote, type Timeframe, timeframeMs } from '@trading/domain';
import type { MessageBus } from '@trading/messaging';
import { barMessage, quoteMessage } from '../publishing/bar-messages';
import { findingMessage } from '../publishing/finding-message';
import { BarMerge } from './bar-merge';
import { ReplayQuoting } from './replay-quoting';
import type { ReplaySpeed } from './replay-speed';

/** One validated input: the bars that passed the policy and what was found on the way. */
export interface ReplayFeed {
  readonly columns: BarColumns;
  readonly source: string;
  readonly findings: readonly ReplayFinding[];
}

export interface ReplayFinding {
  readonly kind: FindingKind;
  readonly row: number;
  readonly time: number | null;
  readonly value: number | null;
  readonly outcome: 'dropped' | 'rejected' | 'reported';
  readonly detail: string;
}

export interface ReplayObserver {
  barPublished?(symbol: string, timeframe: string, closeTime: number): void;
  /** After the quote's publish was handed to the bus (not awaited: confirms are windowed). */
  quotePublished?(quote: Quote, timeframe: Timeframe): void;
  findingPublished?(symbol: string, kind: string): void;
}

export interface ReplayDependencies {
  readonly bus: MessageBus;
  readonly messages: MessageFactory;
  readonly clock: ManualClock;
  /**
   * Waits `ms` of real time (accelerated replays only). It is handed the
   * replay's abort signal and should end early (resolve or reject) when it
   * fires: at a slow speed one wait can span hours of real time.
   */
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Real elapsed milliseconds, for pacing accelerated replays. */
  readonly elapsedMs: () => number;
  readonly observer?: ReplayObserver;
}

export interface ReplayOptions {
  readonly speed: ReplaySpeed;
  /** Publishes awaiting confirmation at once. */
  readonly window?: number;
  /** Stops the replay early (shutdown). */
  readonly signal?: AbortSignal;
  /**
   * A lockstep replay's gate: each bar (with its quote) is published inside
   * `step`, which publishes when it calls `publish` (resolving with the ids
   * sent, once confirmed) and resolves when the next bar may go. Without it
   * bars go as fast as the speed and the confirm window allow.
   */
  readonly step?: (closeTime: number, publish: () => Promise<readonly string[]>) => Promise<void>;
}

export interface ReplayResult {
  readonly barsPublished: Readonly<Record<string, number>>;
  readonly quotesPublished: Readonly<Record<string, number>>;
  readonly findingsPublished: Readonly<Record<string, number>>;
  readonly aborted: boolean;
}

export async function replayFeeds(feeds: readonly ReplayFeed[], deps: ReplayDependencies, options: ReplayOptions): Promise<ReplayResult> {
  const window = Math.max(1, options.window ?? 256);
  const barsPublished: Record<string, number> = {};
  const quotesPublished: Record<string, number> = {};
  const findingsPublished: Record<string, number> = {};
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;

  const track = (publish: Promise<void>): Promise<void> | undefined => {
    const tracked = publish.then(
      () => {
        inFlight.delete(tracked);
      },
      (error: unknown) => {
        inFlight.delete(tracked);
        failure ??= error;
      },
    );
    inFlight.add(tracked);
    return inFlight.size >= window ? Promise.race(inFlight) : undefined;
  };
  const checkFailure = (): void => {
    if (failure !== undefined) throw failure;
  };

  for (const feed of feeds) {
    const { symbol, timeframe } = feed.columns;
    findingsPublished[symbol] ??= 0;
    barsPublished[symbol] ??= 0;
    quotesPublished[symbol] ??= 0;
    for (const finding of feed.findings) {
      const message = findingMessage(deps.messages, symbol, timeframe, feed.source, finding);
      const full = track(deps.bus.publish(message.topic, message.envelope));
      if (full) await full;
      checkFailure();
      findingsPublished[symbol] += 1;
      deps.observer?.findingPublished?.(symbol, finding.kind);
    }
  }

  const merge = new BarMerge(feeds.map((feed) => feed.columns));
  const quoting = new ReplayQuoting(feeds.map((feed) => feed.columns));
  let firstClose = Number.NaN;
  let aborted = false;
  for (let cursor = merge.next(); cursor.series >= 0; cursor = merge.next()) {
    if (options.signal?.aborted) {
      aborted = true;
      break;
    }
    const columns = feeds[cursor.series].columns;
    const row = cursor.row;
    const closeTime = columns.time[row] + timeframeMs(columns.timeframe);
    if (options.speed.kind === 'accelerated') {
      if (Number.isNaN(firstClose)) firstClose = closeTime;
      const dueMs = (closeTime - firstClose) / options.speed.factor;
      const waitMs = dueMs - deps.elapsedMs();
      if (waitMs >= 1) {
        try {
          await deps.sleep(waitMs, options.signal);
        } catch (error) {
          if (!options.signal?.aborted) throw error;
        }
        if (options.signal?.aborted) {
          aborted = true;
          break;
        }
      }
    }
    if (closeTime > deps.clock.now()) deps.clock.set(closeTime);
    const bar = barAt(columns, row);
    if (options.step !== undefined) {
      await Promise.all(inFlight);
      checkFailure();
      await options.step(closeTime, async () => {
        const published = barMessage(deps.messages, bar);
        await deps.bus.publish(published.topic, published.envelope);
        barsPublished[columns.symbol] += 1;
        deps.observer?.barPublished?.(columns.symbol, columns.timeframe, closeTime);
        if (!quoting.quotes(cursor.series, row)) return [published.envelope.id];
        const quote = quoteMessage(deps.messages, bar, published.envelope);
        await deps.bus.publish(quote.topic, quote.envelope);
        quotesPublished[columns.symbol] += 1;
        deps.observer?.quotePublished?.(quote.quote, columns.timeframe);
        return [published.envelope.id, quote.envelope.id];
      });
      continue;
    }
    const published = barMessage(deps.messages, bar);
    const full = track(deps.bus.publish(published.topic, published.envelope));
    if (full) await full;
    checkFailure();
    barsPublished[columns.symbol] += 1;
    deps.observer?.barPublished?.(columns.symbol, columns.timeframe, closeTime);
    if (quoting.quotes(cursor.series, row)) {
      const quote = quoteMessage(deps.messages, bar, published.envelope);
      const quoteFull = track(deps.bus.publish(quote.topic, quote.envelope));
      if (quoteFull) await quoteFull;
      checkFailure();
      quotesPublished[columns.symbol] += 1;
      deps.observer?.quotePublished?.(quote.quote, columns.timeframe);
    }
  }
  await Promise.all(inFlight);
  checkFailure();
  return { barsPublished, quotesPublished, findingsPublished, aborted };
}
