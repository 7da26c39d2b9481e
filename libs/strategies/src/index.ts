// Rule-based strategies: pure objects fed closed bars that emit intents
// (signals), each with a declared parameter space; and the look-ahead check
// that replays a strategy on truncated data. Fixtures are the ./testing entry.
export * from './core/strategy';
export * from './core/parameter-space';
export { SingleBarFeed } from './core/single-bar.feed';
export { buildSignal, clamp01, roundPrice } from './core/signal.builder';
export { NOISE_POINTS, compareLevels } from './core/price-levels';
export * from './scalping/scalping.strategy';
export * from './sma-crossover/sma-crossover.strategy';
export * from './intraday/intraday.strategy';
export * from './swing/swing.strategy';
export { BucketAggregator } from './swing/bucket.aggregator';
export * from './strategy.registry';
export * from './bias/look-ahead.check';
export { type IndexedSignal, replaySignals, truncateBars } from './bias/signal.replay';
