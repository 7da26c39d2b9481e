// The backtest report as one self-contained HTML page (inline CSS and SVG, no
// script, no network): equity and drawdown curves, trades on the price chart,
// monthly returns, each strategy's figures, the trade list, the fill-model
// assumptions, a risk section when a risk policy sized the run, and a warning
// block when the assumptions flatter the result.
import type { BarColumns } from '@trading/domain';
import type { BacktestResult } from '../engine/backtest.config';
import { riskSection } from './risk-section';
import { strategySection } from './strategy-section';
import { type Marker, escapeHtml, isoDay, lineChart } from './svg-chart';

/** Trades listed in full up to this many; beyond, the first and last halves. */
const MAX_LISTED_TRADES = 2000;
/** Price points drawn per symbol. */
const PRICE_POINTS = 2000;
/** Trade markers drawn on the price chart. */
const MAX_MARKERS = 2000;

export interface ReportInput {
  readonly result: BacktestResult;
  /** The bars the run used, for the price chart. */
  readonly feeds: readonly BarColumns[];
  /** Rows the validator dropped from the input files. */
  readonly dropped: number;
  readonly title?: string;
}

export function renderHtmlReport(input: ReportInput): string {
  const { result } = input;
  const m = result.metrics;
  const title = input.title ?? `${result.strategy} on ${result.symbols.join(', ')} ${result.timeframe}`;
  const currency = result.finalEquity.currency;
  const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;
  const num = (x: number | null, digits = 2): string => (x === null ? 'n/a' : x.toFixed(digits));
  const equity = lineChart([{ times: result.curve.map((p) => p.time), values: result.curve.map((p) => p.equity), color: '#1f6feb' }], [], {
    id: 'equity-chart',
    title: 'Equity',
    format: (v) => v.toFixed(0),
  });
  const drawdown = lineChart([{ times: result.curve.map((p) => p.time), values: result.curve.map((p) => -p.drawdown * 100), color: '#d1242f', area: true }], [], {
    id: 'drawdown-chart',
    title: 'Drawdown (%)',
    height: 160,
    format: (v) => `${v.toFixed(1)}%`,
  });
  const priceCharts = input.feeds.map((bars, k) => priceChart(bars, result, k)).join('\n');
  const warnings = result.assumptions.warnings;
  const rows: [string, string][] = [
    ['Bars', `${result.bars} (${input.dropped} input rows dropped by validation)`],
    ['Period', result.curve.length > 0 ? `${isoDay(result.curve[0].time)} to ${isoDay(result.curve[result.curve.length - 1].time)}` : 'n/a'],
    ['Equity', `${result.initialCash.toString()} → ${result.finalEquity.rounded(2).toString()} ${currency}`],
    ['Total return', pct(m.totalReturn)],
    ['Annualised return', pct(m.annualisedReturn)],
    ['Volatility (annualised)', pct(m.volatility)],
    ['Sharpe', num(m.sharpe)],
    ['Sortino', num(m.sortino)],
    ['Calmar', num(m.calmar)],
    ['Max drawdown', `${pct(m.maxDrawdown)} (longest under water ${m.maxDrawdownDays.toFixed(1)} days)`],
    ['Trades', String(m.trades)],
    ['Win rate', pct(m.winRate)],
    ['Profit factor', num(m.profitFactor)],
    ['Expectancy', `${num(m.expectancy)} ${currency}`],
    ['Average win / loss', `${num(m.averageWin)} / ${num(m.averageLoss)} ${currency}`],
    ['Exposure', pct(m.exposure)],
    ['Turnover', `${num(m.turnover, 1)} × initial equity`],
    ['Costs paid', `${num(m.costsPaid)} ${currency} (commission ${result.costs.commission.rounded(2)}, spread ${result.costs.spread.rounded(2)}, slippage ${result.costs.slippage.rounded(2)}, swap ${result.costs.swap.rounded(2)})`],
  ];
  const assumptionRows = Object.entries(result.assumptions)
    .filter(([key]) => key !== 'warnings')
    .map(([key, value]) => [key, typeof value === 'string' ? value : Object.entries(value).map(([k, v]) => `${k}: ${v}`).join(', ')] as [string, string]);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<style>
body{font-family:system-ui,sans-serif;margin:24px;color:#1f2328;max-width:1000px}
h1{font-size:22px}h2{font-size:17px;margin-top:28px}h3{font-size:14px}
table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #d0d7de;padding:3px 8px;text-align:right}
th{background:#f6f8fa}td.l,th.l{text-align:left}.pos{color:#1a7f37}.neg{color:#d1242f}
.warning{border:2px solid #bf8700;background:#fff8c5;padding:10px 14px;margin:16px 0}
.chart{display:block;margin:8px 0;max-width:100%;height:auto}
</style></head><body>
<h1>${escapeHtml(title)}</h1>
${warnings.length > 0 ? `<div class="warning" id="optimistic-warning"><strong>Optimistic assumptions.</strong> These results are likely better than live trading would give:<ul>${warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul></div>` : ''}
<h2>Summary</h2>
<table id="summary">${rows.map(([k, v]) => `<tr><th class="l">${escapeHtml(k)}</th><td class="l">${escapeHtml(v)}</td></tr>`).join('')}</table>
<h2>Equity</h2>${equity}
<h2>Drawdown</h2>${drawdown}
<h2>Trades on the price chart</h2>${priceCharts}
<h2>Monthly returns</h2>${monthlyTable(result)}
${result.risk ? riskSection(result.risk, currency) : ''}
<h2>Fill model and sizing</h2>
<table id="assumptions">${assumptionRows.map(([k, v]) => `<tr><th class="l">${escapeHtml(k)}</th><td class="l">${escapeHtml(v)}</td></tr>`).join('')}</table>
${strategySection(result, currency)}
<h2>Trades</h2>${tradeTable(result)}
</body></html>
`;
}

function priceChart(bars: BarColumns, result: BacktestResult, index: number): string {
  const step = Math.max(1, Math.ceil(bars.length / PRICE_POINTS));
  const times: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < bars.length; i += step) {
    times.push(bars.time[i]);
    values.push(bars.close[i]);
  }
  const trades = result.trades.filter((t) => t.symbol === bars.symbol);
  const every = Math.max(1, Math.ceil(trades.length / (MAX_MARKERS / 2)));
  const markers: Marker[] = [];
  for (let k = 0; k < trades.length; k += every) {
    const t = trades[k];
    const long = t.side === 'long';
    markers.push({ time: t.entryTime, value: t.entryPrice.toNumber(), color: long ? '#1a7f37' : '#d1242f', shape: long ? 'up' : 'down', title: `${t.side} ${t.quantity} lots at ${t.entryPrice.toFixed()}` });
    markers.push({ time: t.exitTime, value: t.exitPrice.toNumber(), color: '#57606a', shape: 'circle', title: `exit at ${t.exitPrice.toFixed()} (${t.exitReason}): ${t.netPnl.rounded(2).toString()}` });
  }
  const note = every > 1 ? `<p>Every ${every}th of ${trades.length} trades is marked.</p>` : '';
  return lineChart([{ times, values, color: '#57606a' }], markers, { id: `price-chart-${index}`, title: `${bars.symbol} close with trades`, height: 300, format: (v) => v.toFixed(4) }) + note;
}

function monthlyTable(result: BacktestResult): string {
  const byYear = new Map<string, Map<number, number>>();
  for (const { month, return: r } of result.monthly) {
    const [year, mm] = month.split('-');
    if (!byYear.has(year)) byYear.set(year, new Map());
    (byYear.get(year) as Map<number, number>).set(Number(mm), r);
  }
  const head = `<tr><th class="l">Year</th>${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'].map((m) => `<th>${m}</th>`).join('')}<th>Year</th></tr>`;
  const body = [...byYear.entries()]
    .map(([year, months]) => {
      let compounded = 1;
      const cells: string[] = [];
      for (let mm = 1; mm <= 12; mm++) {
        const r = months.get(mm);
        if (r === undefined) cells.push('<td></td>');
        else {
          compounded *= 1 + r;
          cells.push(`<td class="${r >= 0 ? 'pos' : 'neg'}">${(r * 100).toFixed(2)}%</td>`);
        }
      }
      const yearly = compounded - 1;
      return `<tr><th class="l">${year}</th>${cells.join('')}<td class="${yearly >= 0 ? 'pos' : 'neg'}">${(yearly * 100).toFixed(2)}%</td></tr>`;
    })
    .join('');
  return `<table id="monthly-returns">${head}${body}</table>`;
}

function tradeTable(result: BacktestResult): string {
  const trades = result.trades;
  const half = MAX_LISTED_TRADES / 2;
  const shown = trades.length <= MAX_LISTED_TRADES ? trades.map((t, k) => [k, t] as const) : [...trades.slice(0, half).map((t, k) => [k, t] as const), ...trades.slice(-half).map((t, k) => [trades.length - half + k, t] as const)];
  const note = trades.length > MAX_LISTED_TRADES ? `<p>${trades.length} trades: the first and last ${half} are listed (the decision log has them all).</p>` : '';
  const rows = shown
    .map(([k, t]) => {
      const net = t.netPnl.rounded(2);
      return `<tr><td>${k + 1}</td><td class="l">${escapeHtml(t.strategy)}</td><td class="l">${t.symbol}</td><td class="l">${t.side}</td><td>${t.quantity}</td><td class="l">${new Date(t.entryTime).toISOString().slice(0, 16)}</td><td>${t.entryPrice.toFixed()}</td><td class="l">${new Date(t.exitTime).toISOString().slice(0, 16)}</td><td>${t.exitPrice.toFixed()}</td><td class="${net.isNegative() ? 'neg' : 'pos'}">${net.toString()}</td><td class="l">${escapeHtml(t.exitReason)}</td></tr>`;
    })
    .join('');
  return `${note}<table id="trade-list"><tr><th>#</th><th class="l">Strategy</th><th class="l">Symbol</th><th class="l">Side</th><th>Lots</th><th class="l">Entry (UTC)</th><th>Entry</th><th class="l">Exit (UTC)</th><th>Exit</th><th>Net P&amp;L</th><th class="l">Exit reason</th></tr>${rows}</table>`;
}
