import { computeIndicators, indicatorDefinitions, parseIndicatorList, parseIndicatorSpec } from './indicator-catalog';
import { macdSeries, rsiSeries } from '../batch/series';
import { eurusdH1Head } from '../testing/eurusd-h1.fixture';

describe('indicator catalog', () => {
  it('names columns <indicator>_<params>[_<output>] with the parameters as written', () => {
    const names = parseIndicatorList('sma:20,rsi:14,macd:12:26:9,bbands:20:2,atr:14,natr:14,adx:14,stoch:14:3:3,cci:14,roc:10,willr:14,obv,mfi:14,sar:0.02:0.2').flatMap(
      (spec) => spec.columns,
    );
    expect(names).toEqual([
      'sma_20',
      'rsi_14',
      'macd_12_26_9_line',
      'macd_12_26_9_signal',
      'macd_12_26_9_hist',
      'bbands_20_2_upper',
      'bbands_20_2_middle',
      'bbands_20_2_lower',
      'bbands_20_2_percentb',
      'bbands_20_2_bandwidth',
      'atr_14',
      'natr_14',
      'adx_14',
      'stoch_14_3_3_k',
      'stoch_14_3_3_d',
      'cci_14',
      'roc_10',
      'willr_14',
      'obv',
      'mfi_14',
      'sar_0.02_0.2',
    ]);
  });

  it('fills omitted parameters with defaults and shows them, except those mirroring another', () => {
    expect(parseIndicatorSpec('rsi').key).toBe('rsi_14');
    expect(parseIndicatorSpec('sar').key).toBe('sar_0.02_0.2');
    const bands = parseIndicatorSpec('bbands:20:2.5');
    expect(bands.values).toEqual([20, 2.5, 2.5]);
    expect(bands.key).toBe('bbands_20_2.5');
    expect(parseIndicatorSpec('keltner:10:1.5').values).toEqual([10, 1.5, 10]);
  });

  it('rejects unknown names, extra or malformed parameters and duplicates, naming the spec', () => {
    expect(() => parseIndicatorSpec('rsx:14')).toThrow('unknown indicator "rsx" in "rsx:14"');
    expect(() => parseIndicatorSpec('rsi:14:3')).toThrow('"rsi:14:3": rsi takes at most 1 parameter(s) (period)');
    expect(() => parseIndicatorSpec('rsi:1.5')).toThrow('"rsi:1.5": rsi period must be an integer, got "1.5"');
    expect(() => parseIndicatorSpec('sar:x')).toThrow('"sar:x": sar acceleration must be a number, got "x"');
    expect(() => parseIndicatorList('rsi:14, rsi:14')).toThrow('indicator "rsi_14" is listed twice');
    expect(() => parseIndicatorList(' , ')).toThrow('no indicator given');
  });

  it('computes the same columns as the batch helpers, aligned with the bars', () => {
    const bars = eurusdH1Head(500);
    const [rsi, line, signal, hist] = computeIndicators(bars, parseIndicatorList('rsi:14,macd:12:26:9'));
    expect(rsi.values).toEqual(rsiSeries(bars.close, 14));
    const macd = macdSeries(bars.close, 12, 26, 9);
    expect([line.name, signal.name, hist.name]).toEqual(['macd_12_26_9_line', 'macd_12_26_9_signal', 'macd_12_26_9_hist']);
    expect(line.values).toEqual(macd.line);
    expect(hist.values).toEqual(macd.histogram);
    expect(signal.values.length).toBe(500);
  });

  it('computes every catalogued indicator with its defaults over real bars', () => {
    const bars = eurusdH1Head(300);
    for (const definition of indicatorDefinitions()) {
      const columns = computeIndicators(bars, [parseIndicatorSpec(definition.name)]);
      expect(columns.length).toBe(Math.max(1, definition.outputs.length));
      for (const column of columns) {
        expect(column.values.length).toBe(300);
        expect(Number.isFinite(column.values[299])).toBe(true);
      }
    }
  });
});
