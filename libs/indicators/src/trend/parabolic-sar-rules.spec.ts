// Parabolic SAR rule by rule, with acceleration 0.25 and maximum 0.5 so that the
// factor reaches its cap in two steps and every figure is exact in binary.
// Expected values come from a line-by-line Python transcription of TA-Lib's
// ta_SAR.c (not from this class); each comment traces the rule the case shows.
import { ParabolicSar } from './parabolic-sar.indicator';

type Bar = [high: number, low: number];

function run(bars: Bar[]): { out: number[]; isLong: boolean } {
  const sar = new ParabolicSar(0.25, 0.5);
  const out = bars.map(([h, l]) => sar.update(h, l));
  return { out, isLong: sar.isLong };
}

describe('Parabolic SAR rules (acceleration 0.25, maximum 0.5)', () => {
  it('reverses when a low touches the SAR or a high touches it, and clamps each reversal', () => {
    // Bar 1 falls 1 high, 0 low: no -DM, long from SAR 8 (bar 0 low), EP 9. Its low 8 touches 8:
    // short at the EP 9; the next SAR 9 + 0.25 * (8 - 9) = 8.75 is lifted to the previous high 9.
    // Bar 2's high 9 touches 9: long at the EP 8, cut to the bar's low 6; next 6.75 cut to 6.
    // Bar 3: new EP 10, factor 0.5: 6 + 0.5 * 4 = 8, cut to the previous low 6.
    // Bar 4's low 5 pierces 6: short at EP 10, the factor back to 0.25: 8.75, lifted to the previous high 10.
    // Bar 5: no new low: 10 + 0.25 * (5 - 10) = 8.75. Bar 6: EP 3, factor 0.5: 5.875 lifted to the previous high 8.
    const bars: Bar[] = [
      [10, 8],
      [9, 8],
      [9, 6],
      [10, 8],
      [8, 5],
      [8, 5],
      [6, 3],
    ];
    expect(run(bars)).toEqual({ out: [NaN, 9, 6, 6, 10, 10, 8.75], isLong: false });
  });

  it('lifts a reversal to short to the bar high, and a short SAR to the previous and current highs', () => {
    // Long from 2 (EP 5): 2.75; bar 2 EP 8, factor 0.5: 5.375 cut to the previous low 4; bar 3: 6.
    // Bar 4's low 6 touches 6: short at EP 8 lifted to the bar's own high 9; next 8.25 lifted to 9.
    // Bar 5: EP 0, factor 0.5: 4.5 lifted to the previous high 9. Bar 6: 4.5 lifted to its high 8.
    // Bar 7: 4 lifted to the previous high 8.
    const bars: Bar[] = [
      [4, 2],
      [5, 4],
      [8, 7],
      [8, 7],
      [9, 6],
      [2, 0],
      [8, 5],
      [6, 4],
    ];
    expect(run(bars)).toEqual({ out: [NaN, 2, 2.75, 4, 9, 9, 9, 8], isLong: false });
  });

  it('starts long when bar 1 moves its high and its low by the same amount, and cuts a long SAR to the bar low', () => {
    // Bar 1: up 1, down 1 is no -DM: long from 3, EP 5; its low 2 pierces 3: short at 5.
    // Bar 2: EP 0, factor 0.5: 2.5 lifted to 5. Bar 3's high 7 pierces 5: long at EP 0, next 1.75
    // cut to the previous low 0. Bar 4: 1.75. Bar 5: 3.0625 cut to its low 2.
    // Bar 6: EP 11, factor 0.5: 6.5 cut to the previous low 2.
    const bars: Bar[] = [
      [4, 3],
      [5, 2],
      [1, 0],
      [7, 6],
      [6, 4],
      [5, 2],
      [11, 8],
    ];
    expect(run(bars)).toEqual({ out: [NaN, 5, 5, 0, 0, 1.75, 2], isLong: true });
  });

  it('caps the factor of a short trend at the maximum', () => {
    // Bar 1's low falls 4, its high 6: a -DM, short from 10 (bar 0 high), EP 3: 10 - 0.25 * 7 = 8.25.
    // Bar 2: EP 2, factor 0.5: 5.125. Bar 3: EP 1, factor 0.75 capped at 0.5: 3.0625.
    const bars: Bar[] = [
      [10, 7],
      [4, 3],
      [3, 2],
      [3, 1],
      [3, 1],
    ];
    expect(run(bars)).toEqual({ out: [NaN, 10, 8.25, 5.125, 3.0625], isLong: false });
  });

  it('caps the factor of a long trend, and does not step it for a high that only ties the extreme', () => {
    // Long from 1, EP 3 (bar 1's own high, which it ties: the factor stays 0.25): 1.5.
    // Bar 2: EP 9, factor 0.5: 5.25 cut to the previous low 2. Bar 3: EP 11, factor 0.75
    // capped at 0.5: 6.5. Bar 4: 6.5 + 0.5 * 4.5 = 8.75, cut to the previous low 8.
    const bars: Bar[] = [
      [3, 1],
      [3, 2],
      [9, 7],
      [11, 8],
      [11, 8],
      [11, 9],
    ];
    expect(run(bars)).toEqual({ out: [NaN, 1, 1.5, 2, 6.5, 8], isLong: true });
  });
});
