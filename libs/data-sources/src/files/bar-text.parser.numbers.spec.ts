import { parseBarFile } from './bar-file.reader';
import { parseDecimal } from './bar-text.parser';

const bytes = (text: string): Uint8Array => Buffer.from(text, 'latin1');
const parse = (text: string) => parseBarFile(bytes(text), 'EURUSD_H1.csv').columns;
const decimal = (text: string): number => parseDecimal(bytes(text), 0, text.length);
const pricesOf = (columns: ReturnType<typeof parse>, i: number): number[] => [columns.open[i], columns.high[i], columns.low[i], columns.close[i], columns.volume[i], columns.spread[i]];

// 17 significant digits: summing digits in a double rounds differently from parseFloat (3.667197847609069).
const SEVENTEEN_DIGITS = '3.6671978476090694';

describe('bar text numbers', () => {
  it('reads negative numbers, integers and fractions in every column', () => {
    const c = parse('time,open,high,low,close,volume,spread\n0,-1.5,-3,0.25,.5,12,-0\n');
    expect(pricesOf(c, 0)).toEqual([-1.5, -3, 0.25, 0.5, 12, -0]);
  });

  it('reads numbers of more than 15 digits as parseFloat does, however many decimals', () => {
    const c = parse(`time,open,high,low,close,volume\n0,${SEVENTEEN_DIGITS},0.000000000000000000000001,1234567890123456,9007199254740993,1\n`);
    expect(pricesOf(c, 0).slice(0, 4)).toEqual([3.6671978476090694, 1e-24, 1234567890123456, 9007199254740992]);
  });

  it('reads an exponent in the last column whatever ends the line: LF, CRLF, a quote or the end of the bytes', () => {
    expect(Array.from(parse('time,open,high,low,close,volume\n0,1,1,1,1,1e1\n1,1,1,1,1,2e1\n').volume)).toEqual([10, 20]);
    expect(Array.from(parse('time,open,high,low,close,volume\r\n0,1,1,1,1,1e1\r\n1,1,1,1,1,2e1\r\n').volume)).toEqual([10, 20]);
    expect(Array.from(parse('"time","open","high","low","close","volume"\n"0","1","1","1","1","1e1"\n').volume)).toEqual([10]);
    expect(Array.from(parse('time,open,high,low,close,volume\n0,1,1,1,1,1e1').volume)).toEqual([10]);
  });

  it('reads an exponent with blanks around it, but not one with other text after it', () => {
    const c = parse('time,open,high,low,close,volume\n0, 1.5e0 ,2.5e0  ,1e0x,1,1\n');
    expect(pricesOf(c, 0).slice(0, 3)).toEqual([1.5, 2.5, Number.NaN]);
  });

  it('reads an empty field, a lone sign or a lone point as NaN', () => {
    const c = parse('time,open,high,low,close,volume\n0,,-,.,+,-.\n');
    expect(pricesOf(c, 0).slice(0, 5)).toEqual([Number.NaN, Number.NaN, Number.NaN, Number.NaN, Number.NaN]);
  });

  it('parses plain decimals, signed or not', () => {
    expect([decimal('-1.08603'), decimal('+2'), decimal('4992'), decimal('1.'), decimal('.5'), decimal('-0.5')]).toEqual([-1.08603, 2, 4992, 1, 0.5, -0.5]);
    expect([decimal(SEVENTEEN_DIGITS), decimal('0.000000000000000000000001')]).toEqual([3.6671978476090694, 1e-24]);
  });

  it('parses only the bytes from start to end, whatever digits follow them', () => {
    const row = bytes('12345,1.0625');
    expect([parseDecimal(row, 0, 2), parseDecimal(row, 1, 5), parseDecimal(row, 6, 9), parseDecimal(row, 6, 12)]).toEqual([12, 2345, 1.0, 1.0625]);
  });

  it('parses decimal exponents in each spelling', () => {
    expect([decimal('+1.5e3'), decimal('-1e3'), decimal('12.5e1'), decimal('12e1'), decimal('1.25e1'), decimal('.25e1')]).toEqual([1500, -1000, 125, 120, 12.5, 2.5]);
    expect([decimal('1e10'), decimal('1E3'), decimal('1e-3'), decimal('1e+3'), decimal('5.e1')]).toEqual([1e10, 1000, 0.001, 1000, 50]);
  });

  it('refuses what Number() would take but is not decimal notation: hex, blanks, Infinity, a second point', () => {
    for (const text of ['0x10', '1e3\t', '\t1e3', ' 12', 'Infinity', '-Infinity', '1..5', '1.5.5', '.', '-', '+', '', 'e3', '1e', '1e3.5']) expect([text, decimal(text)]).toEqual([text, Number.NaN]);
  });
});
