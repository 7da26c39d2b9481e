// Streaming technical indicators with TA-Lib's definitions and warm-up
// conventions (O(1) per update, no allocation per update), their whole-column
// batch forms, and a catalog that turns specs like "macd:12:26:9" into named
// output columns.
export * from './core/indicator';
export { isTaZero } from './core/parameter.guard';
export { MonotonicDeque } from './core/monotonic-deque';
export { RollingWindow } from './core/rolling-window';
export * from './moving-average/sma.indicator';
export * from './moving-average/ema.indicator';
export * from './moving-average/wma.indicator';
export * from './moving-average/dema.indicator';
export * from './moving-average/tema.indicator';
export * from './momentum/rsi.indicator';
export * from './momentum/macd.indicator';
export * from './momentum/adx.indicator';
export * from './momentum/stochastic.indicator';
export * from './momentum/stoch-rsi.indicator';
export * from './momentum/cci.indicator';
export * from './momentum/rate-of-change.indicator';
export * from './momentum/williams-r.indicator';
export * from './volatility/rolling-stats';
export * from './volatility/stddev.indicator';
export * from './volatility/z-score.indicator';
export * from './volatility/bollinger.indicator';
export * from './volatility/true-range.indicator';
export * from './volatility/atr.indicator';
export * from './volatility/donchian.indicator';
export * from './volatility/keltner.indicator';
export * from './rolling/rolling-extreme.indicator';
export * from './trend/parabolic-sar.indicator';
export * from './volume/obv.indicator';
export * from './volume/mfi.indicator';
export * from './volume/session-vwap.indicator';
export * from './batch/series';
export * from './catalog/indicator-catalog';
