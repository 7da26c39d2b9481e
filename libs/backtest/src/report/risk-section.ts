// The report's risk section, shown when the run was sized by a risk policy:
// decisions and rejections by reason, time per trading state, breaker trips,
// and the portfolio VaR over time (one chart, downsampled to at most 2000 points).
import type { RiskSummary } from '@trading/risk-engine';
import { escapeHtml, lineChart } from './svg-chart';

const VAR_POINTS = 2000;
const LISTED_TRIPS = 200;

export function riskSection(risk: RiskSummary, currency: string): string {
  const reasons = Object.entries(risk.rejectionsByReason);
  const rejections = `<table id="risk-rejections"><tr><th class="l">Reason</th><th>Rejections</th></tr>${reasons.map(([reason, n]) => `<tr><td class="l">${escapeHtml(reason)}</td><td>${n}</td></tr>`).join('')}<tr><th class="l">Total</th><th>${risk.rejected}</th></tr></table>`;
  const total = Object.values(risk.timeInState).reduce((a, b) => a + b, 0);
  const states = `<table id="risk-states"><tr><th class="l">State</th><th>Hours</th><th>Share</th></tr>${Object.entries(risk.timeInState)
    .map(([state, ms]) => `<tr><td class="l">${escapeHtml(state)}</td><td>${(ms / 3_600_000).toFixed(1)}</td><td>${total > 0 ? ((ms / total) * 100).toFixed(1) : '0.0'}%</td></tr>`)
    .join('')}</table>`;
  const trips = risk.breakerTrips;
  const counts = new Map<string, number>();
  for (const trip of trips) counts.set(trip.breaker, (counts.get(trip.breaker) ?? 0) + 1);
  const tripCounts = [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const shown = trips.slice(0, LISTED_TRIPS);
  const tripTable = `<table id="risk-trips"><tr><th class="l">Time (UTC)</th><th class="l">Breaker</th><th class="l">State</th><th class="l">Reason</th></tr>${shown
    .map((t) => `<tr><td class="l">${new Date(t.time).toISOString().slice(0, 16)}</td><td class="l">${escapeHtml(t.breaker)}</td><td class="l">${escapeHtml(`${t.from} → ${t.to}`)}</td><td class="l">${escapeHtml(t.reason)}</td></tr>`)
    .join('')}</table>${trips.length > LISTED_TRIPS ? `<p>The first ${LISTED_TRIPS} of ${trips.length} trips are listed (the decision log has them all).</p>` : ''}`;
  const points = risk.valueAtRisk.points;
  const step = Math.max(1, Math.ceil(points.length / VAR_POINTS));
  const times: number[] = [];
  const values: number[] = [];
  // Each drawn point is the worst VaR of the points it stands for, so peaks survive downsampling.
  for (let k = 0; k < points.length; k += step) {
    let worst = points[k].value;
    for (let j = k + 1; j < Math.min(points.length, k + step); j++) if (points[j].value > worst) worst = points[j].value;
    times.push(points[k].time);
    values.push(worst);
  }
  const measure = risk.valueAtRisk;
  const chart = lineChart([{ times, values, color: '#8250df', area: true }], [], {
    id: 'var-chart',
    title: `Portfolio VaR (${measure.method}, ${measure.confidence * 100}% over ${measure.horizonBars} bars, ${currency})`,
    height: 200,
    format: (v) => v.toFixed(0),
  });
  return `<h2>Risk</h2>
<p id="risk-overview">${risk.decisions} risk decisions: ${risk.approved} approved (${risk.downsized} downsized), ${risk.rejected} rejected; ${risk.stateChanges} state changes, final state ${escapeHtml(risk.finalState)}.</p>
<h3>Rejections by reason</h3>${rejections}
<h3>Time per trading state</h3>${states}
<h3>Breaker trips</h3><p>${tripCounts.length > 0 ? tripCounts.map(([b, n]) => `${escapeHtml(b)} ${n}`).join(', ') : 'none'}</p>${tripTable}
<h3>VaR over time</h3>${chart}`;
}
