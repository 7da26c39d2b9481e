import { identifyBarFile } from './bar-file.naming';

describe('bar file identity', () => {
  it('reads symbol and timeframe from names with one- and two-digit timeframes, in any case, after any folder', () => {
    expect(identifyBarFile('EURUSD_H1.csv')).toEqual({ symbol: 'EURUSD', timeframe: 'H1' });
    expect(identifyBarFile('/data/gbpusd_m15.csv.gz')).toEqual({ symbol: 'GBPUSD', timeframe: 'M15' });
    expect(identifyBarFile('C:\\data\\USDJPY_D1_2020.csv')).toEqual({ symbol: 'USDJPY', timeframe: 'D1' });
    expect(identifyBarFile('AUDUSD_M5-2021.csv')).toEqual({ symbol: 'AUDUSD', timeframe: 'M5' });
    expect(identifyBarFile('EURGBP_H4')).toEqual({ symbol: 'EURGBP', timeframe: 'H4' });
  });

  it('takes the symbol and timeframe given over those in the name', () => {
    expect(identifyBarFile('EURUSD_H1.csv', 'usdchf', 'm5')).toEqual({ symbol: 'USDCHF', timeframe: 'M5' });
    expect(identifyBarFile('EURUSD_H1.csv', 'gbpusd')).toEqual({ symbol: 'GBPUSD', timeframe: 'H1' });
    expect(identifyBarFile('EURUSD_H1.csv', undefined, 'D1')).toEqual({ symbol: 'EURUSD', timeframe: 'D1' });
    expect(identifyBarFile('prices.csv', 'eurgbp', 'h4')).toEqual({ symbol: 'EURGBP', timeframe: 'H4' });
  });

  it('names only what it cannot tell', () => {
    expect(() => identifyBarFile('/x/prices.csv')).toThrow('prices.csv: cannot tell the symbol and timeframe from the file name (expected e.g. EURUSD_H1.csv); pass them explicitly');
    expect(() => identifyBarFile('prices.csv', undefined, 'H1')).toThrow('prices.csv: cannot tell the symbol from the file name');
    expect(() => identifyBarFile('prices.csv', 'EURUSD')).toThrow('prices.csv: cannot tell the timeframe from the file name');
  });

  it('does not take a symbol from a name whose timeframe is unknown, nor from letters before it or a timeframe run into more text', () => {
    expect(() => identifyBarFile('EURUSD_Q7.csv')).toThrow('EURUSD_Q7.csv: cannot tell the symbol and timeframe');
    expect(() => identifyBarFile('MYEURUSD_H1.csv')).toThrow('MYEURUSD_H1.csv: cannot tell the symbol and timeframe');
    expect(() => identifyBarFile('EURUSD_H1x.csv')).toThrow('EURUSD_H1x.csv: cannot tell the symbol and timeframe');
    expect(() => identifyBarFile('EURUSD_H123.csv')).toThrow('cannot tell the symbol and timeframe');
  });

  it('takes only six letters as an FX symbol', () => {
    expect(() => identifyBarFile('prices.csv', 'EURUSDX', 'H1')).toThrow('"EURUSDX" is not an FX symbol (six letters, e.g. EURUSD)');
    expect(() => identifyBarFile('prices.csv', 'XEURUSD', 'H1')).toThrow('"XEURUSD" is not an FX symbol');
    expect(() => identifyBarFile('prices.csv', 'EUR', 'H1')).toThrow('"EUR" is not an FX symbol');
  });
});
