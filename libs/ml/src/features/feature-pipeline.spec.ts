import { barAt } from '@trading/domain';
import { atrSeries, emaSeries, rsiSeries } from '@trading/indicators';
import { readSharedBars, sharedData } from '@trading/test-support';
import { featureColumn, computeFeatures } from './feature-matrix';
import { FeaturePipeline } from './feature-pipeline';
import { featureSetMismatch } from './feature-set';

const bars = readSharedBars(sharedData.eurusdH1(), 'EURUSD', 'H1');
const batch = computeFeatures(bars);

function sameBits(a: number, b: number): boolean {
  return a === b || (a !== a && b !== b);
}

describe('feature pipeline on the EURUSD H1 file', () => {
  it('computes 56 named features of the versioned set fx-technical v1', () => {
    expect(batch.descriptor.name).toBe('fx-technical');
    expect(batch.descriptor.version).toBe(1);
    expect(batch.columns).toBe(56);
    expect(new Set(batch.descriptor.names).size).toBe(56);
    expect(batch.descriptor.names.slice(0, 8)).toEqual(['roc_1', 'roc_3', 'roc_6', 'roc_12', 'roc_24', 'roc_48', 'roc_120', 'mom_24_atr']);
    expect(batch.descriptor.names.slice(-5)).toEqual(['hour_of_day', 'day_of_week', 'gap_bars', 'spread_points', 'spread_atr']);
    expect(batch.rows).toBe(45_779);
  });

  it('gives the same bits one bar at a time, from Bar objects, as the batch computation', () => {
    const live = new FeaturePipeline({ symbol: 'EURUSD', timeframe: 'H1' });
    let differing = 0;
    for (let i = 0; i < bars.length; i++) {
      const row = live.update(barAt(bars, i));
      for (let j = 0; j < batch.columns; j++) if (!sameBits(row[j], batch.values[i * batch.columns + j])) differing++;
    }
    expect(differing).toBe(0);
    expect(live.barsSeen).toBe(bars.length);
  });

  it('has every feature defined from its lookback bar (199, the EMA(200)) and not all before', () => {
    expect(batch.lookback).toBe(199);
    const rowHasNaN = (i: number): boolean => Array.from(batch.values.subarray(i * 56, (i + 1) * 56)).some((v) => v !== v);
    expect(rowHasNaN(198)).toBe(true);
    let incompleteAfter = 0;
    for (let i = 199; i < batch.rows; i++) if (rowHasNaN(i)) incompleteAfter++;
    expect(incompleteAfter).toBe(0);
  });

  it('matches direct computations from the bars and the TA-Lib-checked indicators', () => {
    const i = 20_000;
    const close = bars.close;
    expect(featureColumn(batch, 'roc_1')[i]).toBe((close[i] / close[i - 1] - 1) * 100);
    expect(featureColumn(batch, 'roc_120')[i]).toBe((close[i] / close[i - 120] - 1) * 100);
    const atr = atrSeries(bars, 14).atr;
    expect(featureColumn(batch, 'close_ema_20_atr')[i]).toBe((close[i] - emaSeries(close, 20)[i]) / atr[i]);
    expect(featureColumn(batch, 'rsi_14')[i]).toBe(rsiSeries(close, 14)[i]);
    expect(featureColumn(batch, 'natr_14')[i]).toBeCloseTo(atrSeries(bars, 14).natr[i], 12);
    expect(featureColumn(batch, 'spread_atr')[i]).toBe((bars.spread[i] * 1e-5) / atr[i]);
    const when = new Date(bars.time[i]);
    expect(featureColumn(batch, 'hour_of_day')[i]).toBe(when.getUTCHours());
    expect(featureColumn(batch, 'day_of_week')[i]).toBe(when.getUTCDay());
  });

  it('counts the bars missing across a weekend gap', () => {
    const gaps = featureColumn(batch, 'gap_bars');
    const mondays = [];
    for (let i = 1; i < bars.length; i++) if (new Date(bars.time[i]).getUTCDay() === 1 && new Date(bars.time[i - 1]).getUTCDay() === 5) mondays.push(i);
    // 378 Fridays followed by a Monday in the file, counted from its text by a Python script as well.
    expect(mondays).toHaveLength(378);
    for (const i of mondays) expect(gaps[i]).toBe((bars.time[i] - bars.time[i - 1]) / 3_600_000 - 1);
    expect(gaps[0]).toBeNaN();
    expect(gaps[1]).toBe(0);
  });

  it('refuses a bar that does not come after the previous one, and a bar with a non-finite price', () => {
    const pipeline = new FeaturePipeline({ symbol: 'EURUSD', timeframe: 'H1' });
    pipeline.update(barAt(bars, 10));
    expect(() => pipeline.update(barAt(bars, 10))).toThrow(`feature pipeline: bar time ${bars.time[10]} is not after the previous bar's ${bars.time[10]}`);
    expect(() => pipeline.update({ ...barAt(bars, 11), close: Number.NaN })).toThrow(`feature pipeline: bar at ${bars.time[11]} has a non-finite field`);
  });

  it('names the difference between a model feature set and a pipeline', () => {
    const actual = batch.descriptor;
    expect(featureSetMismatch(actual, actual)).toBeNull();
    expect(featureSetMismatch({ ...actual, version: 2 }, actual)).toBe('the model needs feature set fx-technical v2, the pipeline computes fx-technical v1');
    expect(featureSetMismatch({ ...actual, names: actual.names.slice(1) }, actual)).toBe('the model needs 55 features, the pipeline computes 56');
    const swapped = [actual.names[1], actual.names[0], ...actual.names.slice(2)];
    expect(featureSetMismatch({ ...actual, names: swapped }, actual)).toBe('feature 0 is "roc_3" in the model but "roc_1" in the pipeline');
  });
});
