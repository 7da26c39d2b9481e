// Risk's first start: the desk's market state (the aligned closes that VaR and
// correlation measure, each symbol's ATR and gaps) filled from market-data's
// bar history. Without it a new desk refuses every entry (INSUFFICIENT_HISTORY)
// for the weeks of H1 bars its VaR needs; with it, it decides on its first
// live signal as a desk that had run through those bars would.
//
// The bars become market.bar messages with the ids market-data gives them
// live, handled in time order (then symbol) like any other input: journaled,
// so a restart replays them, and recorded in the inbox, so a live bar already
// read is a duplicate.
import { barId, MessageFactory, type MessageEnvelope } from '@trading/contracts';
import { type Bar, type Clock, ManualClock, SeededRandom, type Timeframe, timeframeMs } from '@trading/domain';
import { type BarHistory, readWarmupBars, type RetryOptions, retryUntilDone } from '@trading/runtime';

/** A feed whose bars move the desk's market state: each symbol's RISK_TIMEFRAME, or its finest in a live run. */
export interface DrivingSeries {
  readonly symbol: string;
  readonly timeframe: Timeframe;
}

export interface RiskWarmUpSettings {
  readonly history: BarHistory;
  /** One per symbol the desk trades. */
  readonly series: readonly DrivingSeries[];
  /** Closed bars per series (RISK_WARMUP_BARS). */
  readonly bars: number;
  /** Wall clock: the warm-up reads the bars closed before its now. */
  readonly clock: Clock;
}

export interface RiskWarmUp {
  /** The bars as market.bar messages, oldest close first, symbols in name order within a close. */
  readonly envelopes: readonly MessageEnvelope<'market.bar'>[];
  /** Bars read per symbol (fewer than asked where market-data holds less). */
  readonly bars: ReadonlyMap<string, number>;
  /** The instant the bars were read up to. */
  readonly now: number;
}

/** One attempt: every symbol's last closed bars, or a rejection naming what market-data could not answer. */
export async function readRiskWarmUp(settings: RiskWarmUpSettings): Promise<RiskWarmUp> {
  const now = settings.clock.now();
  const counts = new Map<string, number>();
  const all: Bar[] = [];
  for (const { symbol, timeframe } of settings.series) {
    const bars = await readWarmupBars(settings.history, symbol, timeframe, settings.bars, now);
    counts.set(symbol, bars.length);
    all.push(...bars);
  }
  const closeOf = (bar: Bar): number => bar.time + timeframeMs(bar.timeframe);
  all.sort((a, b) => closeOf(a) - closeOf(b) || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
  // Ids and times come from the bars alone: the same history gives the same messages, byte for byte.
  const marketData = new MessageFactory({ clock: new ManualClock(0), random: new SeededRandom(1), producer: 'market-data' });
  const envelopes = all.map((bar) => {
    const close = closeOf(bar);
    const payload = { symbol: bar.symbol, timeframe: bar.timeframe, time: bar.time, open: bar.open, high: bar.high, low: bar.low, close: bar.close, volume: bar.volume, spread: bar.spread };
    return marketData.create('market.bar', payload, { id: barId(bar.symbol, bar.timeframe, bar.time, close), occurredAt: close });
  });
  return { envelopes, bars: counts, now };
}

/** Attempts until market-data answers (a desk that starts cold cannot be warmed later: its journal would hold live bars before old ones). */
export function readRiskWarmUpWithRetry(settings: RiskWarmUpSettings, retry: RetryOptions): Promise<RiskWarmUp> {
  return retryUntilDone(() => readRiskWarmUp(settings), retry);
}
