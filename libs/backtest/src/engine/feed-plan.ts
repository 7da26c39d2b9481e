// How a backtest lays its feeds out: in the canonical order (symbol, then the
// finer timeframe first), one venue slot per symbol, and on every feed the
// strategies that trade its timeframe, in name order. Several strategies may
// share a feed, and a symbol may come in several timeframes (scalping on M5
// and intraday on H1): at any time the finest data of a symbol drives the
// venue and the desk's market state, so a coarser bar drives them only where
// no finer feed of its symbol covers its time.
import { type BarColumns, type Instrument, instrumentFor, timeframeMs } from '@trading/domain';
import type { ParameterValues, Strategy, StrategyDefinition } from '@trading/strategies';

export interface StrategyRun {
  readonly definition: StrategyDefinition;
  readonly parameters: ParameterValues;
}

export interface StrategyOnFeed {
  readonly name: string;
  readonly strategy: Strategy;
}

export interface FeedPlan {
  readonly feeds: readonly BarColumns[];
  /** One per symbol, sorted: the venue's and the desk's slots. */
  readonly instruments: readonly Instrument[];
  /** The venue slot of each feed's symbol. */
  readonly slotOf: Int32Array;
  /** Per feed, the [start, end) times the finer feeds of its symbol cover, flattened. */
  readonly finerCover: readonly Float64Array[];
  /** Per venue slot, its feed with the latest last bar (where the run closes out the slot's positions). */
  readonly lastFeed: Int32Array;
}

/** True when bar `time` of feed `f` drives the venue: no finer feed of its symbol covers that time. */
export function drivesVenue(plan: FeedPlan, f: number, time: number): boolean {
  const cover = plan.finerCover[f];
  for (let k = 0; k < cover.length; k += 2) if (time >= cover[k] && time < cover[k + 1]) return false;
  return true;
}

/**
 * The backtest's rule of which bars drive the venue and the desk's market
 * state, for a replay of `feeds` through the services: a bar drives unless a
 * finer feed of its symbol covers its time. Bars of series not in `feeds` do not.
 */
export function barsThatDrive(feeds: readonly BarColumns[]): (bar: { readonly symbol: string; readonly timeframe: string; readonly time: number }) => boolean {
  const plan = planFeeds(feeds);
  const index = new Map(plan.feeds.map((bars, f) => [`${bars.symbol} ${bars.timeframe}`, f]));
  return (bar) => {
    const f = index.get(`${bar.symbol} ${bar.timeframe}`);
    return f !== undefined && drivesVenue(plan, f, bar.time);
  };
}

export function canonicalFeeds(feeds: readonly BarColumns[]): BarColumns[] {
  return [...feeds].sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : timeframeMs(a.timeframe) - timeframeMs(b.timeframe)));
}

export function planFeeds(given: readonly BarColumns[]): FeedPlan {
  const feeds = canonicalFeeds(given);
  const symbols: string[] = [];
  const slotOf = new Int32Array(feeds.length);
  const finerCover: Float64Array[] = [];
  const lastFeed: number[] = [];
  const lastTime = (f: number): number => (feeds[f].length === 0 ? Number.NEGATIVE_INFINITY : feeds[f].time[feeds[f].length - 1]);
  feeds.forEach((bars, f) => {
    if (f > 0 && feeds[f - 1].symbol === bars.symbol && feeds[f - 1].timeframe === bars.timeframe) {
      throw new RangeError(`${bars.symbol} ${bars.timeframe} given twice: give each symbol and timeframe once`);
    }
    const cover: number[] = [];
    if (symbols[symbols.length - 1] !== bars.symbol) {
      symbols.push(bars.symbol);
      lastFeed.push(f);
    } else {
      // The finer feeds of the symbol come just before this one.
      for (let g = f - 1; g >= 0 && feeds[g].symbol === bars.symbol; g--) {
        if (feeds[g].length > 0) cover.push(feeds[g].time[0], feeds[g].time[feeds[g].length - 1] + timeframeMs(feeds[g].timeframe));
      }
      const slot = symbols.length - 1;
      if (lastTime(f) > lastTime(lastFeed[slot])) lastFeed[slot] = f;
    }
    finerCover.push(Float64Array.from(cover));
    slotOf[f] = symbols.length - 1;
  });
  return { feeds, instruments: symbols.map((symbol) => instrumentFor(symbol)), slotOf, finerCover, lastFeed: Int32Array.from(lastFeed) };
}

/**
 * The strategies of each feed, in name order: every strategy runs on every
 * feed whose timeframe it trades. A strategy no feed suits, or a feed no
 * strategy trades, is an error that names them.
 */
export function strategiesOnFeeds(plan: FeedPlan, runs: readonly StrategyRun[], create: (run: StrategyRun, feed: number) => Strategy): StrategyOnFeed[][] {
  const byName = [...runs].sort((a, b) => (a.definition.name < b.definition.name ? -1 : a.definition.name > b.definition.name ? 1 : 0));
  byName.forEach((run, k) => {
    if (k > 0 && byName[k - 1].definition.name === run.definition.name) throw new RangeError(`strategy ${run.definition.name} given twice`);
  });
  const describe = (bars: BarColumns): string => `${bars.symbol} ${bars.timeframe}`;
  const onFeeds = plan.feeds.map((bars, f) =>
    byName.filter((run) => run.definition.timeframes.includes(bars.timeframe)).map((run) => ({ name: run.definition.name, strategy: create(run, f) })),
  );
  for (const run of byName) {
    if (onFeeds.some((feed) => feed.some((entry) => entry.name === run.definition.name))) continue;
    const accepts = run.definition.timeframes.join('/');
    if (plan.feeds.length === 1) throw new RangeError(`${run.definition.name} trades ${accepts} data, not ${plan.feeds[0].timeframe} (${plan.feeds[0].symbol})`);
    throw new RangeError(`${run.definition.name} trades ${accepts} data, and no feed has it (given: ${plan.feeds.map(describe).join(', ')})`);
  }
  onFeeds.forEach((entries, f) => {
    if (entries.length === 0) throw new RangeError(`no strategy trades ${describe(plan.feeds[f])} (strategies: ${byName.map((run) => `${run.definition.name} on ${run.definition.timeframes.join('/')}`).join('; ')})`);
  });
  return onFeeds;
}
