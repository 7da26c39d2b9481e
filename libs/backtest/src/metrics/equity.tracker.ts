// Streams the equity curve into everything the metrics need, in constant
// memory: return moments, downside deviation, drawdown depth and duration,
// exposure, month-by-month returns (one entry per month) and a downsampled
// curve for charts (at most `curvePoints` points however long the run).
const DEFAULT_CURVE_POINTS = 2048;

export interface MonthlyReturn {
  /** YYYY-MM, UTC. */
  readonly month: string;
  readonly return: number;
}

export interface EquityPoint {
  readonly time: number;
  readonly equity: number;
  readonly drawdown: number;
}

export interface EquityStats {
  readonly samples: number;
  readonly firstTime: number;
  readonly lastTime: number;
  readonly initialEquity: number;
  readonly finalEquity: number;
  readonly meanReturn: number;
  /** Sample standard deviation of per-sample returns. */
  readonly stdReturn: number;
  /** sqrt(mean(min(r, 0)^2)) over all samples. */
  readonly downsideDeviation: number;
  /** Deepest fall from a peak, as a fraction of the peak (0.1 = 10%). */
  readonly maxDrawdown: number;
  /** Longest time spent below a previous peak, ms. */
  readonly maxDrawdownDurationMs: number;
  /** Fraction of samples with an open position. */
  readonly exposure: number;
  readonly monthly: readonly MonthlyReturn[];
  readonly curve: readonly EquityPoint[];
}

export class EquityTracker {
  private count = 0;
  private returns = 0;
  private mean = 0;
  private m2 = 0;
  private downsideSquares = 0;
  private exposed = 0;
  private previous: number;
  private peak: number;
  private peakTime = Number.NaN;
  private maxDrawdown = 0;
  private maxUnderwaterMs = 0;
  private firstTime = Number.NaN;
  private lastTime = Number.NaN;
  private lastEquity: number;
  private monthStartEquity: number;
  private monthKey = '';
  private nextMonthStart = Number.NEGATIVE_INFINITY;
  private readonly monthly: MonthlyReturn[] = [];
  private readonly curveTime: Float64Array;
  private readonly curveEquity: Float64Array;
  private readonly curveDrawdown: Float64Array;
  private curveLength = 0;
  private stride = 1;

  constructor(
    readonly initialEquity: number,
    curvePoints = DEFAULT_CURVE_POINTS,
  ) {
    if (!(initialEquity > 0)) throw new RangeError(`initial equity must be > 0, got ${initialEquity}`);
    if (!Number.isInteger(curvePoints) || curvePoints < 16 || curvePoints % 2 !== 0) throw new RangeError(`curvePoints must be an even whole number >= 16, got ${curvePoints}`);
    this.previous = initialEquity;
    this.peak = initialEquity;
    this.lastEquity = initialEquity;
    this.monthStartEquity = initialEquity;
    this.curveTime = new Float64Array(curvePoints);
    this.curveEquity = new Float64Array(curvePoints);
    this.curveDrawdown = new Float64Array(curvePoints);
  }

  /** Equity after the bar(s) at `time`; `exposed` when a position is open. */
  record(time: number, equity: number, exposed: boolean): void {
    if (this.count === 0) {
      this.firstTime = time;
      this.peakTime = time;
    }
    if (time >= this.nextMonthStart) this.startMonth(time);
    const r = equity / this.previous - 1;
    this.previous = equity;
    this.returns++;
    const delta = r - this.mean;
    this.mean += delta / this.returns;
    this.m2 += delta * (r - this.mean);
    if (r < 0) this.downsideSquares += r * r;
    if (exposed) this.exposed++;
    let drawdown = 0;
    if (equity >= this.peak) {
      this.peak = equity;
      this.peakTime = time;
    } else {
      drawdown = (this.peak - equity) / this.peak;
      if (drawdown > this.maxDrawdown) this.maxDrawdown = drawdown;
      if (time - this.peakTime > this.maxUnderwaterMs) this.maxUnderwaterMs = time - this.peakTime;
    }
    if (this.count % this.stride === 0) this.addCurvePoint(time, equity, drawdown);
    this.count++;
    this.lastTime = time;
    this.lastEquity = equity;
  }

  stats(): EquityStats {
    const monthly = [...this.monthly];
    if (this.monthKey !== '') monthly.push({ month: this.monthKey, return: this.lastEquity / this.monthStartEquity - 1 });
    const curve: EquityPoint[] = [];
    for (let k = 0; k < this.curveLength; k++) curve.push({ time: this.curveTime[k], equity: this.curveEquity[k], drawdown: this.curveDrawdown[k] });
    if (this.count > 0 && (curve.length === 0 || curve[curve.length - 1].time !== this.lastTime)) {
      curve.push({ time: this.lastTime, equity: this.lastEquity, drawdown: this.peak > 0 ? (this.peak - this.lastEquity) / this.peak : 0 });
    }
    return {
      samples: this.count,
      firstTime: this.firstTime,
      lastTime: this.lastTime,
      initialEquity: this.initialEquity,
      finalEquity: this.lastEquity,
      meanReturn: this.returns > 0 ? this.mean : 0,
      stdReturn: this.returns > 1 ? Math.sqrt(this.m2 / (this.returns - 1)) : 0,
      downsideDeviation: this.returns > 0 ? Math.sqrt(this.downsideSquares / this.returns) : 0,
      maxDrawdown: this.maxDrawdown,
      maxDrawdownDurationMs: this.maxUnderwaterMs,
      exposure: this.count > 0 ? this.exposed / this.count : 0,
      monthly,
      curve,
    };
  }

  private startMonth(time: number): void {
    if (this.monthKey !== '') this.monthly.push({ month: this.monthKey, return: this.lastEquity / this.monthStartEquity - 1 });
    const date = new Date(time);
    const year = date.getUTCFullYear();
    const month = date.getUTCMonth();
    this.monthKey = `${year}-${String(month + 1).padStart(2, '0')}`;
    this.monthStartEquity = this.lastEquity;
    this.nextMonthStart = Date.UTC(year, month + 1, 1);
  }

  private addCurvePoint(time: number, equity: number, drawdown: number): void {
    if (this.curveLength === this.curveTime.length) {
      // Full: keep every other point and sample half as often from now on.
      const half = this.curveLength / 2;
      for (let k = 0; k < half; k++) {
        this.curveTime[k] = this.curveTime[2 * k];
        this.curveEquity[k] = this.curveEquity[2 * k];
        this.curveDrawdown[k] = this.curveDrawdown[2 * k];
      }
      this.curveLength = half;
      this.stride *= 2;
      if (this.count % this.stride !== 0) return;
    }
    this.curveTime[this.curveLength] = time;
    this.curveEquity[this.curveLength] = equity;
    this.curveDrawdown[this.curveLength] = drawdown;
    this.curveLength++;
  }
}
