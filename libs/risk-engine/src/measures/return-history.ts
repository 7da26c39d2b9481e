// Aligned per-bar returns of several instruments: the recent history VaR and
// correlation are measured on. Built once per new bar, read by every decision,
// so the moments and the correlation matrix are computed here, not per decision.
export class ReturnHistory {
  /** Returns symbol-major: returns[i * length + t], oldest first. */
  readonly returns: Float64Array;
  readonly means: Float64Array;
  /** Covariance matrix, row-major symbols × symbols (sample, n − 1). */
  readonly covariance: Float64Array;
  readonly correlation: Float64Array;
  private readonly index = new Map<string, number>();

  private constructor(
    readonly symbols: readonly string[],
    readonly length: number,
    returns: Float64Array,
  ) {
    symbols.forEach((symbol, i) => this.index.set(symbol, i));
    this.returns = returns;
    const k = symbols.length;
    this.means = new Float64Array(k);
    this.covariance = new Float64Array(k * k);
    this.correlation = new Float64Array(k * k);
    for (let i = 0; i < k; i++) {
      let sum = 0;
      for (let t = 0; t < length; t++) sum += returns[i * length + t];
      this.means[i] = sum / length;
    }
    for (let i = 0; i < k; i++) {
      for (let j = i; j < k; j++) {
        let sum = 0;
        for (let t = 0; t < length; t++) sum += (returns[i * length + t] - this.means[i]) * (returns[j * length + t] - this.means[j]);
        const cov = length > 1 ? sum / (length - 1) : 0;
        this.covariance[i * k + j] = cov;
        this.covariance[j * k + i] = cov;
      }
    }
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < k; j++) {
        const denominator = Math.sqrt(this.covariance[i * k + i] * this.covariance[j * k + j]);
        this.correlation[i * k + j] = i === j ? 1 : denominator > 0 ? this.covariance[i * k + j] / denominator : 0;
      }
    }
  }

  /** From per-symbol returns of equal length (oldest first). */
  static fromReturns(returnsBySymbol: Readonly<Record<string, ArrayLike<number>>>): ReturnHistory {
    const symbols = Object.keys(returnsBySymbol).sort();
    if (symbols.length === 0) throw new RangeError('return history needs at least one symbol');
    const length = returnsBySymbol[symbols[0]].length;
    const flat = new Float64Array(symbols.length * length);
    symbols.forEach((symbol, i) => {
      const series = returnsBySymbol[symbol];
      if (series.length !== length) throw new RangeError(`returns of ${symbol} have ${series.length} observations, ${symbols[0]} has ${length}: series must be aligned`);
      for (let t = 0; t < length; t++) {
        const value = series[t];
        if (!Number.isFinite(value)) throw new RangeError(`return ${t} of ${symbol} is not finite (${value})`);
        flat[i * length + t] = value;
      }
    });
    return new ReturnHistory(symbols, length, flat);
  }

  /** Simple returns close[t] / close[t − 1] − 1 from aligned closes (one more close than returns). */
  static fromCloses(closesBySymbol: Readonly<Record<string, ArrayLike<number>>>): ReturnHistory {
    const returns: Record<string, Float64Array> = {};
    for (const [symbol, closes] of Object.entries(closesBySymbol)) {
      if (closes.length < 2) throw new RangeError(`closes of ${symbol} need at least two values`);
      const series = new Float64Array(closes.length - 1);
      for (let t = 1; t < closes.length; t++) {
        if (!(closes[t - 1] > 0)) throw new RangeError(`close ${t - 1} of ${symbol} must be > 0, got ${closes[t - 1]}`);
        series[t - 1] = closes[t] / closes[t - 1] - 1;
      }
      returns[symbol] = series;
    }
    return ReturnHistory.fromReturns(returns);
  }

  /** Position of `symbol` in `symbols`, or −1. */
  indexOf(symbol: string): number {
    return this.index.get(symbol) ?? -1;
  }

  correlationOf(a: string, b: string): number {
    const i = this.indexOf(a);
    const j = this.indexOf(b);
    if (i < 0 || j < 0) return Number.NaN;
    return this.correlation[i * this.symbols.length + j];
  }
}
