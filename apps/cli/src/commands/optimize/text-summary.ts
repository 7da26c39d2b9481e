// The human-readable summary of `trading optimize` (without --json).
import type { optimizationSummary } from '@trading/optimization';

type Summary = ReturnType<typeof optimizationSummary>;

export function textSummary(summary: Summary): string {
  const pct = (x: number | null): string => (x === null ? 'n/a' : `${(x * 100).toFixed(2)}%`);
  const num = (x: number | null, digits = 2): string => (x === null ? 'n/a' : x.toFixed(digits));
  const day = (iso: string): string => iso.slice(0, 10);
  const oos = summary.outOfSample;
  const mc = summary.monteCarlo;
  return [
    `${summary.strategy} on ${summary.symbols.join(', ')} ${summary.timeframe}: ${summary.folds.length} ${summary.windows.mode} folds of ${summary.windows.train} train / ${summary.windows.test} test, ${summary.trials} trials each, objective ${summary.objective} (min ${summary.minTrades} trades)`,
    '',
    'fold  train                     test                      IS sharpe  OOS sharpe  OOS trades  DSR    PBO    best parameters',
    ...summary.folds.map((fold, k) =>
      [
        String(k + 1).padEnd(5),
        `${day(fold.trainFrom)}..${day(fold.trainTo)}`.padEnd(26),
        `${day(fold.testFrom)}..${day(fold.testTo)}`.padEnd(26),
        num(fold.inSample.sharpe).padStart(9),
        num(fold.outOfSample.sharpe).padStart(11),
        String(fold.outOfSample.trades).padStart(11),
        num(fold.deflatedSharpe, 3).padStart(6),
        num(fold.pbo, 3).padStart(6),
        fold.bestParams === null ? 'none (no trial traded enough)' : JSON.stringify(fold.bestParams),
      ].join('  '),
    ),
    '',
    `out of sample (stitched): ${oos.trades} trades, sharpe ${num(oos.sharpe)}, return ${pct(oos.totalReturn)}, max drawdown ${pct(oos.maxDrawdown)}, equity ${oos.initialCash} -> ${oos.finalEquity}`,
    `monte carlo (${mc.runs} block-bootstrap paths, blocks of ${mc.blockLength} days): final equity p5 ${mc.finalEquity.p5} p50 ${mc.finalEquity.p50} p95 ${mc.finalEquity.p95}; max drawdown p50 ${pct(mc.maxDrawdown.p50)} p95 ${pct(mc.maxDrawdown.p95)}; ruin ${pct(mc.ruinProbability)}`,
    `deflated sharpe ${num(summary.deflatedSharpe, 3)}, PBO ${num(summary.pbo, 3)} (means over folds)`,
    '',
    summary.why,
  ].join('\n');
}
