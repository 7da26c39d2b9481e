// Inline SVG for the ML report: line charts over rounds and horizontal bars.
// No script, no fonts or images fetched: the page is one self-contained file,
// the same bytes for the same model.
export interface LineSeries {
  readonly name: string;
  readonly values: readonly number[];
  readonly color: string;
}

const WIDTH = 960;
const PAD = { left: 64, right: 150, top: 20, bottom: 30 };

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** One polyline per series against the round number (1-based), with a legend. */
export function roundsChart(id: string, title: string, series: readonly LineSeries[], height = 280): string {
  const finite = series.flatMap((s) => s.values).filter(Number.isFinite);
  const rounds = Math.max(1, ...series.map((s) => s.values.length));
  if (finite.length === 0) return `<svg id="${id}" class="chart" width="${WIDTH}" height="${height}" role="img"><title>${escapeHtml(title)}</title><text x="10" y="20">no data</text></svg>`;
  let low = Math.min(...finite);
  let high = Math.max(...finite);
  if (low === high) [low, high] = [low - 1, high + 1];
  const x = (round: number): number => PAD.left + ((round - 1) / Math.max(1, rounds - 1)) * (WIDTH - PAD.left - PAD.right);
  const y = (v: number): number => PAD.top + (1 - (v - low) / (high - low)) * (height - PAD.top - PAD.bottom);
  const parts = [`<svg id="${id}" class="chart" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" xmlns="http://www.w3.org/2000/svg"><title>${escapeHtml(title)}</title>`];
  for (let k = 0; k <= 4; k++) {
    const v = low + ((high - low) * k) / 4;
    parts.push(`<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#e3e3e3"/>`);
    parts.push(`<text x="${PAD.left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end" font-size="11">${v.toFixed(4)}</text>`);
  }
  parts.push(`<text x="${PAD.left}" y="${height - 8}" font-size="11">round 1</text><text x="${WIDTH - PAD.right}" y="${height - 8}" font-size="11" text-anchor="end">round ${rounds}</text>`);
  series.forEach((s, k) => {
    const points = s.values.map((v, i) => (Number.isFinite(v) ? `${x(i + 1).toFixed(1)},${y(v).toFixed(1)}` : '')).filter((p) => p !== '');
    parts.push(`<polyline class="line" data-series="${escapeHtml(s.name)}" fill="none" stroke="${s.color}" stroke-width="1.5" points="${points.join(' ')}"/>`);
    parts.push(`<rect x="${WIDTH - PAD.right + 12}" y="${PAD.top + k * 18}" width="12" height="3" fill="${s.color}"/><text x="${WIDTH - PAD.right + 30}" y="${PAD.top + k * 18 + 5}" font-size="12">${escapeHtml(s.name)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

/** Horizontal bars, largest first as given, labelled with the value formatted. */
export function barChart(id: string, title: string, bars: readonly { readonly label: string; readonly value: number }[], format: (v: number) => string): string {
  const rowHeight = 18;
  const labelWidth = 220;
  const height = PAD.top + bars.length * rowHeight + 10;
  const max = Math.max(...bars.map((b) => b.value), Number.MIN_VALUE);
  const span = WIDTH - labelWidth - 90;
  const parts = [`<svg id="${id}" class="chart" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" xmlns="http://www.w3.org/2000/svg"><title>${escapeHtml(title)}</title>`];
  bars.forEach((b, k) => {
    const top = PAD.top + k * rowHeight;
    const width = Math.max(0, (b.value / max) * span);
    parts.push(`<text x="${labelWidth - 6}" y="${top + 12}" text-anchor="end" font-size="12">${escapeHtml(b.label)}</text>`);
    parts.push(`<rect class="bar" x="${labelWidth}" y="${top + 2}" width="${width.toFixed(1)}" height="${rowHeight - 5}" fill="#1f6feb"/>`);
    parts.push(`<text x="${(labelWidth + width + 6).toFixed(1)}" y="${top + 12}" font-size="11">${escapeHtml(format(b.value))}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}
