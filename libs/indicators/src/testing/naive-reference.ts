// Second, deliberately naive implementations of the indicator definitions, for
// specs only: whole arrays, windows re-summed at every index (O(n*w)), two-pass
// variances, Wilder smoothing written as avg += (x - avg) / n, and the EMA as
// its explicit weighted sum. They share no code with the streaming classes, so
// agreement is evidence, not tautology.
const nan = (n: number): number[] => new Array<number>(n).fill(Number.NaN);

function windowOf(x: ArrayLike<number>, end: number, n: number): number[] {
  const out: number[] = [];
  for (let j = end - n + 1; j <= end; j++) out.push(x[j]);
  return out;
}
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const populationSd = (xs: number[]): number => {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) * (b - m), 0) / xs.length);
};

export function refSma(x: ArrayLike<number>, n: number, first = 0): number[] {
  const out = nan(x.length);
  for (let i = first + n - 1; i < x.length; i++) out[i] = mean(windowOf(x, i, n));
  return out;
}

/**
 * EMA whose seed is the mean of the n values ending at `seedEnd`, evaluated as
 * seed * (1-k)^(t-seedEnd) + sum k (1-k)^(t-j) x_j. Terms below 1e-18 of the
 * newest weight are dropped (they cannot move a double).
 */
export function refEma(x: ArrayLike<number>, n: number, seedEnd = n - 1): number[] {
  const out = nan(x.length);
  const k = 2 / (n + 1);
  const keep = 1 - k;
  const horizon = Math.ceil(Math.log(1e-18) / Math.log(keep));
  const weights = Array.from({ length: horizon + 1 }, (_, age) => k * keep ** age);
  const seed = mean(windowOf(x, seedEnd, n));
  for (let t = seedEnd; t < x.length; t++) {
    const from = Math.max(seedEnd + 1, t - horizon);
    let value = from === seedEnd + 1 ? seed * keep ** (t - seedEnd) : 0;
    for (let j = from; j <= t; j++) value += weights[t - j] * x[j];
    out[t] = value;
  }
  return out;
}

export function refWma(x: ArrayLike<number>, n: number): number[] {
  const out = nan(x.length);
  for (let i = n - 1; i < x.length; i++) {
    let s = 0;
    for (let w = 1; w <= n; w++) s += w * x[i - n + w];
    out[i] = s / ((n * (n + 1)) / 2);
  }
  return out;
}

export function refDema(x: ArrayLike<number>, n: number): number[] {
  const e1 = refEma(x, n);
  const e2 = refEma(e1, n, 2 * (n - 1));
  return e1.map((v, i) => 2 * v - e2[i]);
}

export function refTema(x: ArrayLike<number>, n: number): number[] {
  const e1 = refEma(x, n);
  const e2 = refEma(e1, n, 2 * (n - 1));
  const e3 = refEma(e2, n, 3 * (n - 1));
  return e1.map((v, i) => 3 * v - 3 * e2[i] + e3[i]);
}

/** Wilder average: plain mean of the first n inputs starting at `start`, then avg += (x - avg) / n. */
function wilder(values: number[], n: number, start: number): number[] {
  const out = nan(values.length);
  if (values.length < start + n) return out;
  let avg = mean(values.slice(start, start + n));
  out[start + n - 1] = avg;
  for (let i = start + n; i < values.length; i++) {
    avg += (values[i] - avg) / n;
    out[i] = avg;
  }
  return out;
}

export function refRsi(x: ArrayLike<number>, n: number): number[] {
  const gains = [Number.NaN];
  const losses = [Number.NaN];
  for (let i = 1; i < x.length; i++) {
    gains.push(Math.max(x[i] - x[i - 1], 0));
    losses.push(Math.max(x[i - 1] - x[i], 0));
  }
  const g = wilder(gains, n, 1);
  const l = wilder(losses, n, 1);
  return g.map((gain, i) => (Number.isNaN(gain) ? Number.NaN : gain + l[i] === 0 ? 0 : (100 * gain) / (gain + l[i])));
}

export function refMacd(x: ArrayLike<number>, fast: number, slow: number, signal: number): { line: number[]; signal: number[]; hist: number[] } {
  const slowEma = refEma(x, slow);
  const fastEma = refEma(x, fast, slow - 1);
  const rawLine = slowEma.map((s, i) => fastEma[i] - s);
  const sig = refEma(rawLine, signal, slow - 1 + signal - 1);
  const line = rawLine.map((v, i) => (Number.isNaN(sig[i]) ? Number.NaN : v));
  return { line, signal: sig, hist: line.map((v, i) => v - sig[i]) };
}

export function refStdDev(x: ArrayLike<number>, n: number): number[] {
  const out = nan(x.length);
  for (let i = n - 1; i < x.length; i++) out[i] = populationSd(windowOf(x, i, n));
  return out;
}

export function refBollinger(x: ArrayLike<number>, n: number, k: number): { upper: number[]; middle: number[]; lower: number[] } {
  const middle = refSma(x, n);
  const sd = refStdDev(x, n);
  return { upper: middle.map((m, i) => m + k * sd[i]), middle, lower: middle.map((m, i) => m - k * sd[i]) };
}

export function refZScore(x: ArrayLike<number>, n: number): number[] {
  const out = nan(x.length);
  for (let i = n - 1; i < x.length; i++) {
    const w = windowOf(x, i, n);
    const sd = populationSd(w);
    out[i] = sd === 0 ? 0 : (x[i] - mean(w)) / sd;
  }
  return out;
}

/** Scan of each window (no deque). */
function scanExtreme(x: ArrayLike<number>, n: number, pick: (a: number, b: number) => number): number[] {
  const out = nan(x.length);
  for (let i = n - 1; i < x.length; i++) {
    let extreme = x[i];
    for (let j = i - n + 1; j < i; j++) extreme = pick(extreme, x[j]);
    out[i] = extreme;
  }
  return out;
}

export const refRollingMax = (x: ArrayLike<number>, n: number): number[] => scanExtreme(x, n, Math.max);
export const refRollingMin = (x: ArrayLike<number>, n: number): number[] => scanExtreme(x, n, Math.min);

interface Hlc {
  readonly length: number;
  readonly high: ArrayLike<number>;
  readonly low: ArrayLike<number>;
  readonly close: ArrayLike<number>;
  readonly volume: ArrayLike<number>;
}

function trueRanges(b: Hlc): number[] {
  const tr = [Number.NaN];
  for (let i = 1; i < b.length; i++) {
    tr.push(Math.max(b.high[i] - b.low[i], Math.abs(b.high[i] - b.close[i - 1]), Math.abs(b.low[i] - b.close[i - 1])));
  }
  return tr;
}

export function refAtr(b: Hlc, n: number): { atr: number[]; natr: number[] } {
  const atr = wilder(trueRanges(b), n, 1);
  return { atr, natr: atr.map((a, i) => (100 * a) / b.close[i]) };
}

/** Wilder's running sums as TA-Lib seeds them: n-1 plain terms, then S = S * (1 - 1/n) + x. */
function wilderSums(values: number[], n: number): number[] {
  const out = nan(values.length);
  let s = 0;
  for (let i = 1; i < n; i++) s += values[i];
  for (let i = n; i < values.length; i++) {
    s = s * (1 - 1 / n) + values[i];
    out[i] = s;
  }
  return out;
}

export function refAdx(b: Hlc, n: number): { adx: number[]; plusDI: number[]; minusDI: number[] } {
  const plusDM = [Number.NaN];
  const minusDM = [Number.NaN];
  for (let i = 1; i < b.length; i++) {
    const up = b.high[i] - b.high[i - 1];
    const down = b.low[i - 1] - b.low[i];
    plusDM.push(up > down && up > 0 ? up : 0);
    minusDM.push(down > up && down > 0 ? down : 0);
  }
  const sp = wilderSums(plusDM, n);
  const sm = wilderSums(minusDM, n);
  const st = wilderSums(trueRanges(b), n);
  const plusDI = sp.map((v, i) => (100 * v) / st[i]);
  const minusDI = sm.map((v, i) => (100 * v) / st[i]);
  const dx = plusDI.map((p, i) => (100 * Math.abs(p - minusDI[i])) / (p + minusDI[i]));
  const adx = nan(b.length);
  let avg = mean(dx.slice(n, 2 * n));
  adx[2 * n - 1] = avg;
  for (let i = 2 * n; i < b.length; i++) {
    avg += (dx[i] - avg) / n;
    adx[i] = avg;
  }
  return { adx, plusDI, minusDI };
}

export function refStochastic(b: Hlc, fastK: number, slowK: number, slowD: number): { k: number[]; d: number[] } {
  const raw = nan(b.length);
  const highs = refRollingMax(b.high, fastK);
  const lows = refRollingMin(b.low, fastK);
  for (let i = fastK - 1; i < b.length; i++) {
    const hh = highs[i];
    const ll = lows[i];
    raw[i] = hh === ll ? 0 : (100 * (b.close[i] - ll)) / (hh - ll);
  }
  const k = refSma(raw, slowK, fastK - 1);
  const d = refSma(k, slowD, fastK - 1 + slowK - 1);
  return { k: k.map((v, i) => (Number.isNaN(d[i]) ? Number.NaN : v)), d };
}

export function refStochRsi(x: ArrayLike<number>, n: number, fastK: number, fastD: number): { k: number[]; d: number[] } {
  const rsi = refRsi(x, n);
  const k = nan(x.length);
  for (let i = n + fastK - 1; i < x.length; i++) {
    const w = windowOf(rsi, i, fastK);
    const hi = Math.max(...w);
    const lo = Math.min(...w);
    k[i] = hi === lo ? 0 : (100 * (rsi[i] - lo)) / (hi - lo);
  }
  const d = refSma(k, fastD, n + fastK - 1);
  return { k: k.map((v, i) => (Number.isNaN(d[i]) ? Number.NaN : v)), d };
}

export function refCci(b: Hlc, n: number): number[] {
  const tp = Array.from({ length: b.length }, (_, i) => (b.high[i] + b.low[i] + b.close[i]) / 3);
  const out = nan(b.length);
  for (let i = n - 1; i < b.length; i++) {
    const w = windowOf(tp, i, n);
    const m = mean(w);
    const md = mean(w.map((v) => Math.abs(v - m)));
    out[i] = md === 0 ? 0 : (tp[i] - m) / (0.015 * md);
  }
  return out;
}

export function refRoc(x: ArrayLike<number>, n: number): number[] {
  const out = nan(x.length);
  for (let i = n; i < x.length; i++) out[i] = (100 * (x[i] - x[i - n])) / x[i - n];
  return out;
}

export function refMomentum(x: ArrayLike<number>, n: number): number[] {
  const out = nan(x.length);
  for (let i = n; i < x.length; i++) out[i] = x[i] - x[i - n];
  return out;
}

export function refWilliamsR(b: Hlc, n: number): number[] {
  const out = nan(b.length);
  const highs = refRollingMax(b.high, n);
  const lows = refRollingMin(b.low, n);
  for (let i = n - 1; i < b.length; i++) {
    const hh = highs[i];
    const ll = lows[i];
    out[i] = hh === ll ? 0 : (-100 * (hh - b.close[i])) / (hh - ll);
  }
  return out;
}

export function refObv(b: Hlc): number[] {
  const out: number[] = [b.volume[0]];
  for (let i = 1; i < b.length; i++) {
    const sign = Math.sign(b.close[i] - b.close[i - 1]);
    out.push(out[i - 1] + sign * b.volume[i]);
  }
  return out;
}

export function refMfi(b: Hlc, n: number): number[] {
  const tp = Array.from({ length: b.length }, (_, i) => (b.high[i] + b.low[i] + b.close[i]) / 3);
  const out = nan(b.length);
  for (let i = n; i < b.length; i++) {
    let up = 0;
    let down = 0;
    for (let j = i - n + 1; j <= i; j++) {
      if (tp[j] > tp[j - 1]) up += tp[j] * b.volume[j];
      else if (tp[j] < tp[j - 1]) down += tp[j] * b.volume[j];
    }
    out[i] = up + down < 1 ? 0 : (100 * up) / (up + down);
  }
  return out;
}

export function refDonchian(b: Hlc, n: number): { upper: number[]; lower: number[] } {
  return { upper: refRollingMax(b.high, n), lower: refRollingMin(b.low, n) };
}

export function refKeltner(b: Hlc, n: number, multiplier: number, atrPeriod: number): { upper: number[]; middle: number[]; lower: number[] } {
  const middle = refEma(b.close, n);
  const { atr } = refAtr(b, atrPeriod);
  return {
    upper: middle.map((m, i) => m + multiplier * atr[i]),
    middle: middle.map((m, i) => (Number.isNaN(atr[i]) ? Number.NaN : m)),
    lower: middle.map((m, i) => m - multiplier * atr[i]),
  };
}

export function refSessionVwap(b: Hlc & { time: ArrayLike<number> }, startHour: number): number[] {
  const out: number[] = [];
  const day = (t: number): number => Math.floor((t - startHour * 3_600_000) / 86_400_000);
  for (let i = 0; i < b.length; i++) {
    let pv = 0;
    let v = 0;
    for (let j = i; j >= 0 && day(b.time[j]) === day(b.time[i]); j--) {
      pv += ((b.high[j] + b.low[j] + b.close[j]) / 3) * b.volume[j];
      v += b.volume[j];
    }
    out.push(v > 0 ? pv / v : Number.NaN);
  }
  return out;
}
