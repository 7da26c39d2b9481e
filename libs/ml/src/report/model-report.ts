// The model report as one self-contained HTML page (inline CSS and SVG, no
// script, no network): what was trained on what, the learning curves, the
// feature importance, and for the validation rows (or, from `trading ml
// evaluate`, the rows evaluated) the headline metrics against the no-skill
// prior, the confusion matrix and a calibration table per class.
import type { ClassificationMetrics } from '../metrics/classification-metrics';
import type { ModelManifest } from '../model/model-manifest';
import { barChart, escapeHtml, roundsChart } from './svg-charts';

/** Features shown in the importance chart; the table lists all. */
const TOP_FEATURES = 25;

export interface ReportSection {
  /** e.g. "Validation (2020-06-01 to 2021-03-31)". */
  readonly title: string;
  readonly metrics: ClassificationMetrics;
}

export function renderModelReport(manifest: ModelManifest, section: ReportSection): string {
  const names = manifest.classes.names;
  const n4 = (v: number): string => (Number.isFinite(v) ? v.toFixed(4) : 'n/a');
  const pct = (v: number): string => (Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : 'n/a');
  const m = section.metrics;
  const period = (p: { rows: number; from: string | null; to: string | null } | null): string => (p === null ? 'none' : `${p.rows} rows, ${p.from ?? '-'} to ${p.to ?? '-'}`);
  const params = Object.entries(manifest.params).map(([k, v]) => `${k} ${String(v)}`).join(', ');
  const summary: [string, string][] = [
    ['Model', manifest.id],
    ['Data', `${manifest.source.data}${manifest.source.symbol ? ` (${manifest.source.symbol} ${manifest.source.timeframe ?? ''})` : ''}`],
    ['Features', `${manifest.featureSet.name} v${manifest.featureSet.version}, ${manifest.featureSet.names.length} columns`],
    ['Labels', manifest.labelling ? `triple barrier: +${manifest.labelling.takeProfit} / -${manifest.labelling.stopLoss} ATR(${manifest.labelling.atrPeriod}), ${manifest.labelling.horizon} bars` : 'from the features file'],
    ['Training rows', period(manifest.rows.train)],
    ['Validation rows', period(manifest.rows.validation)],
    ['Held out', period(manifest.rows.holdout)],
    ['Purged at boundaries', String(manifest.rows.purged)],
    ['Rounds', `${manifest.roundsKept} kept of ${manifest.roundsRun} run`],
    ['Parameters', params],
  ];
  const curves = roundsChart('learning-curves', 'Log-loss per round', [
    { name: 'training', values: manifest.history.train, color: '#1f6feb' },
    { name: 'validation', values: manifest.history.validation, color: '#d1242f' },
  ]);
  const top = manifest.importance.slice(0, TOP_FEATURES).map((e) => ({ label: e.feature, value: e.gainShare }));
  const importance = barChart('importance-chart', 'Feature importance (share of total gain)', top, (v) => `${(v * 100).toFixed(1)}%`);
  const importanceRows = manifest.importance.map((e) => `<tr><td class="l">${escapeHtml(e.feature)}</td><td>${(e.gainShare * 100).toFixed(2)}%</td><td>${e.splits}</td><td>${e.totalGain.toFixed(1)}</td><td>${e.totalCover.toFixed(1)}</td></tr>`).join('');
  const confusionRows = m.confusion.map((row, actual) => `<tr><th class="l">${escapeHtml(names[actual])}</th>${row.map((count) => `<td>${count}</td>`).join('')}<td>${row.reduce((a, b) => a + b, 0)}</td></tr>`).join('');
  const calibration = m.calibration
    .map((bins, k) => {
      const rows = bins.filter((b) => b.rows > 0).map((b) => `<tr><td>${b.from.toFixed(1)}–${(b.from + 0.1).toFixed(1)}</td><td>${b.rows}</td><td>${n4(b.meanPredicted)}</td><td>${n4(b.observed)}</td></tr>`).join('');
      return `<h3>${escapeHtml(names[k])}</h3><table class="calibration" id="calibration-${k}"><tr><th>predicted</th><th>rows</th><th>mean predicted</th><th>observed share</th></tr>${rows}</table>`;
    })
    .join('');
  const skill = m.priorLogloss > 0 ? (1 - m.logloss / m.priorLogloss) * 100 : Number.NaN;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(`Model ${manifest.id}`)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<style>
body{font-family:system-ui,sans-serif;margin:24px;color:#1f2328;max-width:1000px}
h1{font-size:22px}h2{font-size:17px;margin-top:28px}h3{font-size:14px}
table{border-collapse:collapse;font-size:13px;margin:6px 0}td,th{border:1px solid #d0d7de;padding:3px 8px;text-align:right}
th{background:#f6f8fa}td.l,th.l{text-align:left}.chart{display:block;margin:8px 0;max-width:100%;height:auto}
.note{color:#57606a;font-size:13px}
</style></head><body>
<h1>Model ${escapeHtml(manifest.id)}</h1>
<table id="model-summary">${summary.map(([k, v]) => `<tr><th class="l">${escapeHtml(k)}</th><td class="l">${escapeHtml(v)}</td></tr>`).join('')}</table>
<h2>${escapeHtml(section.title)}</h2>
<table id="headline"><tr><th class="l">rows</th><td>${m.rows}</td></tr><tr><th class="l">log-loss</th><td>${n4(m.logloss)}</td></tr><tr><th class="l">log-loss of the class shares (no skill)</th><td>${n4(m.priorLogloss)}</td></tr><tr><th class="l">skill vs no skill</th><td>${Number.isFinite(skill) ? `${skill.toFixed(2)}%` : 'n/a'}</td></tr><tr><th class="l">accuracy</th><td>${pct(m.accuracy)}</td></tr><tr><th class="l">Brier score</th><td>${n4(m.brier)}</td></tr></table>
<p class="note">A log-loss at or above the no-skill figure means the model knows nothing the class shares do not.</p>
<h3>Confusion matrix (rows: actual, columns: predicted)</h3>
<table id="confusion-matrix"><tr><th></th>${names.map((name) => `<th>${escapeHtml(name)}</th>`).join('')}<th>total</th></tr>${confusionRows}</table>
<h3>Calibration</h3>
${calibration}
<h2>Learning curves</h2>
${curves}
<h2>Feature importance</h2>
${importance}
<table id="importance-table"><tr><th class="l">feature</th><th>gain share</th><th>splits</th><th>total gain</th><th>total cover</th></tr>${importanceRows}</table>
</body></html>
`;
}
