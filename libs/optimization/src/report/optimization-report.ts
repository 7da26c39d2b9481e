// The self-contained HTML report of an optimisation: the verdict and its
// checks, the stitched out-of-sample equity against the pace the in-sample
// results promised, the Monte Carlo fan, each fold's windows, parameters,
// in- and out-of-sample Sharpe, DSR and PBO, parameter stability, and the
// settings. Only the out-of-sample record is called performance.
import { describeFillModel } from '@trading/simulated-venue';
import { FAN_QUANTILES, type MonteCarloSummary } from '../monte-carlo/bootstrap';
import type { OptimizationResult } from '../pipeline/optimize';
import { mean } from '../statistics/moments';
import { describeSizing } from '../evaluation/trial-settings';
import { escapeHtml, isoDay, timeChart } from './svg';

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#222;max-width:1000px}
h1{font-size:22px}h2{font-size:17px;margin-top:28px}table{border-collapse:collapse;margin:8px 0}
th,td{padding:3px 8px;border-bottom:1px solid #e5e5e5;text-align:right}th{background:#f6f6f6}.l{text-align:left}
.pass{color:#1a7f37}.fail{color:#b42318}.verdict{padding:10px 14px;border-radius:6px;margin:12px 0}
.verdict.yes{background:#e6f4ea}.verdict.no{background:#fdecea}.chart{display:block;margin:8px 0}td.l{white-space:nowrap}.note{color:#555;font-size:13px}`;

export function renderOptimizationReport(result: OptimizationResult): string {
  const { request } = result;
  const title = `Optimisation of ${request.strategy} on ${request.symbols.join(', ')} ${request.timeframe}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<style>${STYLE}</style></head><body>
<h1>${escapeHtml(title)}</h1>
${verdictSection(result)}
<h2>Out-of-sample performance (stitched test windows)</h2>
<p class="note">The only record this report calls performance: each fold's best parameters traded its test window only, the windows chained one after the other. The dashed line is the pace the in-sample results promised (each fold's selected trial's mean daily return in its train window, compounded over its test window).</p>
${equityChart(result)}
${outOfSampleTable(result)}
<h2>Monte Carlo</h2>
<p class="note">${result.monteCarlo.block.runs} block-bootstrap paths of the out-of-sample daily returns (blocks of ${result.monteCarlo.block.blockLength} days); bands are the 5–95% and 25–75% percentiles by day, the line the median, with the real record on top. Ruin: equity at or below ${(1 - request.monteCarlo.ruinLoss) * 100}% of the initial cash.</p>
${fanChart(result)}
${monteCarloTable(result)}
<h2>Folds</h2>
${foldsTable(result)}
<h2>Parameter stability</h2>
<p class="note">Spread: the standard deviation of the folds' best values over the parameter's range (log range for log-scaled ones): 0 when every fold agreed, about 0.29 for values drawn at random. Objective change: the mean change of the objective on each fold's train window when that parameter alone moves a tenth of its range down or up.</p>
${stabilityTable(result)}
<h2>Settings</h2>
${settingsTable(result)}
</body></html>
`;
}

function verdictSection(result: OptimizationResult): string {
  const { verdict } = result;
  const yes = verdict.recommended !== null;
  const checks = verdict.checks
    .map((check) => `<tr><td class="l ${check.passed ? 'pass' : 'fail'}">${check.passed ? 'pass' : 'fail'}</td><td class="l">${escapeHtml(check.name)}</td><td class="l">${escapeHtml(check.detail)}</td></tr>`)
    .join('');
  const params = yes ? `<p>Recommended parameters (the last fold's best): <code>${escapeHtml(JSON.stringify(verdict.recommended))}</code></p>` : '';
  return `<div id="verdict" class="verdict ${yes ? 'yes' : 'no'}"><strong>${yes ? 'Recommended' : 'Not recommended'}:</strong> ${escapeHtml(verdict.why.replace(/^(not )?recommended: /, ''))}</div>${params}
<table id="checks"><tr><th class="l">result</th><th class="l">check</th><th class="l">figure</th></tr>${checks}</table>`;
}

function equityChart(result: OptimizationResult): string {
  const { outOfSample } = result;
  const initial = outOfSample.initialCash.toNumber();
  const start = outOfSample.windows.length > 0 ? outOfSample.windows[0].window.tradeFrom : 0;
  const times = [start, ...Array.from(outOfSample.periodEnds)];
  const actual = [initial];
  for (const r of outOfSample.returns) actual.push(actual[actual.length - 1] * (1 + r));
  const promised = [initial];
  result.folds.forEach((fold, k) => {
    const best = fold.best;
    const pace = best !== null && best.outcome.status === 'ok' ? mean(best.outcome.returns) : 0;
    for (let d = 0; d < outOfSample.windows[k].returns.length; d++) promised.push(promised[promised.length - 1] * (1 + pace));
  });
  return timeChart({ id: 'oos-equity-chart', title: 'Stitched out-of-sample equity against the in-sample pace' }, [
    { label: 'out of sample', times, values: actual, color: '#1f6feb' },
    { label: 'in-sample pace', times, values: promised, color: '#9a6700', dashed: true },
  ]);
}

function fanChart(result: OptimizationResult): string {
  const { outOfSample, monteCarlo } = result;
  const start = outOfSample.windows.length > 0 ? outOfSample.windows[0].window.tradeFrom : 0;
  const times = [start, ...Array.from(outOfSample.periodEnds)];
  const fan = monteCarlo.block.fan;
  const at = (q: number) => fan[FAN_QUANTILES.indexOf(q as (typeof FAN_QUANTILES)[number])];
  const actual = [outOfSample.initialCash.toNumber()];
  for (const r of outOfSample.returns) actual.push(actual[actual.length - 1] * (1 + r));
  return timeChart(
    { id: 'monte-carlo-fan', title: 'Monte Carlo equity fan (block bootstrap)' },
    [
      { label: 'median path', times, values: at(0.5), color: '#555', dashed: true },
      { label: 'out of sample', times, values: actual, color: '#1f6feb' },
    ],
    [
      { label: '5–95%', times, lower: at(0.05), upper: at(0.95), color: '#dbe9ff' },
      { label: '25–75%', times, lower: at(0.25), upper: at(0.75), color: '#a9c8f5' },
    ],
  );
}

function outOfSampleTable(result: OptimizationResult): string {
  const { metrics, trades, initialCash, finalEquity, returns } = result.outOfSample;
  const rows: [string, string][] = [
    ['trades', String(trades.length)],
    ['days', String(returns.length)],
    ['equity', `${initialCash.toString()} → ${finalEquity.rounded(2).toString()}`],
    ['total return', pct(metrics.totalReturn)],
    ['Sharpe (annualised, after costs)', num(metrics.sharpe)],
    ['Sortino', num(metrics.sortino)],
    ['max drawdown (daily samples)', pct(metrics.maxDrawdown)],
    ['profit factor', metrics.profitFactor === null ? 'n/a' : num(metrics.profitFactor)],
  ];
  return `<table id="out-of-sample">${rows.map(([k, v]) => `<tr><th class="l">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</table>`;
}

function monteCarloTable(result: OptimizationResult): string {
  const row = (name: string, summary: MonteCarloSummary): string =>
    `<tr><td class="l">${name}</td>${[summary.finalEquity.p5, summary.finalEquity.p50, summary.finalEquity.p95].map((v) => `<td>${v.toFixed(2)}</td>`).join('')}${[summary.maxDrawdown.p5, summary.maxDrawdown.p50, summary.maxDrawdown.p95].map((v) => `<td>${pct(v)}</td>`).join('')}${[summary.sharpe.p5, summary.sharpe.p50, summary.sharpe.p95].map((v) => `<td>${num(v)}</td>`).join('')}<td>${pct(summary.ruinProbability)}</td></tr>`;
  return `<table id="monte-carlo"><tr><th class="l">method</th><th>equity p5</th><th>p50</th><th>p95</th><th>max DD p5</th><th>p50</th><th>p95</th><th>Sharpe p5</th><th>p50</th><th>p95</th><th>ruin</th></tr>${row('block bootstrap of daily returns', result.monteCarlo.block)}${row('trade-order bootstrap', result.monteCarlo.tradeOrder)}</table>`;
}

function foldsTable(result: OptimizationResult): string {
  const rows = result.folds.map((fold) => {
    const params = fold.best === null ? 'none: no trial reached the minimum trades' : JSON.stringify(fold.best.parameters);
    const backtested = fold.trials.filter((trial) => trial.outcome.status === 'ok').length;
    return `<tr><td>${fold.window.fold + 1}</td><td class="l">${isoDay(fold.window.trainFrom)} – ${isoDay(fold.window.trainTo)}</td><td class="l">${isoDay(fold.window.testFrom)} – ${isoDay(fold.window.testTo)}</td><td>${backtested}</td><td>${fold.best?.objective === undefined || fold.best?.objective === null ? 'n/a' : num(fold.best.objective)}</td><td>${fold.inSample === null ? 'n/a' : num(fold.inSample.sharpe)}</td><td>${fold.outOfSample === null ? 'n/a' : num(fold.outOfSample.sharpe)}</td><td>${fold.outOfSample?.trades ?? 0}</td><td>${fold.deflatedSharpe?.value == null ? 'n/a' : fold.deflatedSharpe.value.toFixed(3)}</td><td>${fold.pbo.value === null ? 'n/a' : fold.pbo.value.toFixed(3)}</td><td class="l"><code>${escapeHtml(params)}</code></td></tr>`;
  });
  const means = `<tr><th class="l" colspan="8">mean over folds</th><td>${result.deflatedSharpe === null ? 'n/a' : result.deflatedSharpe.toFixed(3)}</td><td>${result.pbo === null ? 'n/a' : result.pbo.toFixed(3)}</td><td></td></tr>`;
  return `<table id="folds"><tr><th>fold</th><th class="l">train</th><th class="l">test</th><th>trials</th><th>objective</th><th>IS Sharpe</th><th>OOS Sharpe</th><th>OOS trades</th><th>DSR</th><th>PBO</th><th class="l">best parameters</th></tr>${rows.join('')}${means}</table>`;
}

function stabilityTable(result: OptimizationResult): string {
  const rows = result.drift.map((drift) => {
    const sensitivity = result.sensitivity.find((entry) => entry.name === drift.name);
    const values = drift.values.map((value) => (value === null ? '–' : String(value))).join(', ');
    return `<tr><td class="l">${escapeHtml(drift.name)}</td><td class="l">${escapeHtml(values)}</td><td>${drift.spreadOfRange === null ? 'n/a' : drift.spreadOfRange.toFixed(3)}</td><td>${drift.mostChosenShare === null ? 'n/a' : pct(drift.mostChosenShare)}</td><td>${sensitivity?.meanChangeDown == null ? 'n/a' : num(sensitivity.meanChangeDown)}</td><td>${sensitivity?.meanChangeUp == null ? 'n/a' : num(sensitivity.meanChangeUp)}</td></tr>`;
  });
  return `<table id="stability"><tr><th class="l">parameter</th><th class="l">best value by fold</th><th>spread</th><th>most chosen</th><th>objective change −10%</th><th>+10%</th></tr>${rows.join('')}</table>`;
}

function settingsTable(result: OptimizationResult): string {
  const { request } = result;
  const fill = describeFillModel(request.settings.fill, true);
  const rows: [string, string][] = [
    ['windows', `${request.windows.mode}, ${request.windows.folds} folds, train ${request.windows.train.text}, test ${request.windows.test.text}, step ${request.windows.step.text}, purge ${request.windows.purge.text}`],
    ['warm-up before each window', `${result.warmupBars.join(', ')} bars`],
    ['study', `${request.trials} TPE trials per fold (multivariate, constant liar), batches of ${request.batch}, seed ${request.settings.seed}`],
    ['objective', `${request.objective} after costs, at least ${request.minTrades} trades in the train window`],
    ['sizing', describeSizing(request.settings.sizing)],
    ['initial cash', `${request.settings.initialCash} ${request.settings.currency}`],
    ['fill model', Object.entries(fill).filter(([key]) => key !== 'warnings').map(([key, value]) => `${key}: ${String(value)}`).join('; ')],
    ['optimistic assumptions', fill.warnings.length === 0 ? 'none' : fill.warnings.join('; ')],
    ['CSCV partitions', String(request.partitions ?? 16)],
  ];
  return `<table id="settings">${rows.map(([k, v]) => `<tr><th class="l">${escapeHtml(k)}</th><td class="l">${escapeHtml(v)}</td></tr>`).join('')}</table>`;
}

function pct(value: number): string {
  return `${(value * 100).toFixed(2)}%`;
}

function num(value: number): string {
  return value.toFixed(2);
}
