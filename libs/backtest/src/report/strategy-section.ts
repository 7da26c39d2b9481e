// The report's per-strategy section: what each strategy sharing the account
// asked for, what the desk made of it (approved, rejected by reason, sizes
// capped), and what it earned, with its parameters.
import type { BacktestResult } from '../engine/backtest.config';
import { escapeHtml } from './svg-chart';

export function strategySection(result: BacktestResult, currency: string): string {
  const entries = Object.entries(result.strategies);
  const rows = entries
    .map(([name, f]) => {
      const rejected = Object.entries(f.rejected).map(([code, n]) => `${code} ${n}`).join(', ') || 'none';
      const pnl = f.realisedPnl;
      return `<tr><th class="l">${escapeHtml(name)}</th><td>${f.signals}</td><td>${f.skipped}</td><td>${f.approved}</td><td class="l">${escapeHtml(rejected)}</td><td>${f.capped}</td><td>${f.orders}</td><td>${f.fills}</td><td>${f.trades}</td><td>${f.wins}</td><td class="${pnl < 0 ? 'neg' : 'pos'}">${pnl.toFixed(2)}</td></tr>`;
    })
    .join('');
  const parameters = entries
    .map(([name, f]) => `<tr><th class="l">${escapeHtml(name)}</th><td class="l">${escapeHtml(Object.entries(f.parameters).map(([k, v]) => `${k}: ${String(v)}`).join(', '))}</td></tr>`)
    .join('');
  return `<h2>Strategies</h2>
<table id="strategies"><tr><th class="l">Strategy</th><th>Signals</th><th>Skipped</th><th>Approved</th><th class="l">Rejected by reason</th><th>Capped</th><th>Orders</th><th>Fills</th><th>Trades</th><th>Wins</th><th>Net P&amp;L (${escapeHtml(currency)})</th></tr>${rows}</table>
<h2>Parameters</h2>
<table id="parameters">${parameters}</table>`;
}
