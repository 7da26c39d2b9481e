// How specs are read: spacing and case, empty slots taking defaults, and the
// messages a malformed list gets.
import { indicatorDefinitions, parseIndicatorList, parseIndicatorSpec } from './indicator-catalog';

describe('parsing indicator specs', () => {
  it('ignores surrounding spaces and the case of the name, and writes parameters without their spaces', () => {
    const spec = parseIndicatorSpec('  RSI: 21 ');
    expect([spec.definition.name, spec.key, spec.values]).toEqual(['rsi', 'rsi_21', [21]]);
  });

  it('fills an empty or blank slot with the default, and a mirroring slot from its source', () => {
    expect(parseIndicatorSpec('macd::30').key).toBe('macd_12_30_9');
    expect(parseIndicatorSpec('macd: :30:5').values).toEqual([12, 30, 5]);
    const bands = parseIndicatorSpec('bbands:10::1.5');
    expect([bands.values, bands.key]).toEqual([[10, 2, 1.5], 'bbands_10_2_1.5']);
    const keltner = parseIndicatorSpec('keltner:10:1.5:30');
    expect([keltner.values, keltner.key, keltner.columns]).toEqual([[10, 1.5, 30], 'keltner_10_1.5_30', ['keltner_10_1.5_30_upper', 'keltner_10_1.5_30_middle', 'keltner_10_1.5_30_lower']]);
  });

  it('refuses a value that is not finite', () => {
    expect(() => parseIndicatorSpec('sar:Infinity')).toThrow('"sar:Infinity": sar acceleration must be a number, got "Infinity"');
    expect(() => parseIndicatorSpec('sar:0.02:NaN')).toThrow('"sar:0.02:NaN": sar maximum must be a number, got "NaN"');
  });

  it('lists the known names when a name is unknown', () => {
    const known = indicatorDefinitions()
      .map((d) => d.name)
      .join(', ');
    expect(() => parseIndicatorSpec('Foo:1')).toThrow(new RangeError(`unknown indicator "Foo" in "Foo:1" (known: ${known})`));
    expect(known.startsWith('sma, ema, wma, ')).toBe(true);
  });

  it('says "none" for an indicator without parameters given one', () => {
    expect(() => parseIndicatorSpec('obv:1')).toThrow(new RangeError('"obv:1": obv takes at most 0 parameter(s) (none)'));
    expect(() => parseIndicatorSpec('stoch:5:3:3:1')).toThrow('"stoch:5:3:3:1": stoch takes at most 3 parameter(s) (fastK, slowK, slowD)');
  });

  it('skips empty and blank entries of a list', () => {
    expect(parseIndicatorList(' rsi:14,, ,sma:5 ,').map((spec) => spec.key)).toEqual(['rsi_14', 'sma_5']);
    expect(() => parseIndicatorList('')).toThrow(new RangeError('no indicator given (e.g. "rsi:14,macd:12:26:9")'));
  });

  it('finds a duplicate by its key, defaults filled in', () => {
    expect(() => parseIndicatorList('rsi,rsi:14')).toThrow(new RangeError('indicator "rsi_14" is listed twice'));
    expect(parseIndicatorList('rsi:14,rsi:15')).toHaveLength(2);
  });
});
