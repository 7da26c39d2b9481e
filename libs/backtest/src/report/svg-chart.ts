// Minimal inline SVG line charts for the HTML report: no script, no network,
// the same bytes for the same data.
export interface Series {
  readonly times: readonly number[];
  readonly values: readonly number[];
  readonly color: string;
  /** Fill the area between the line and the zero line (drawdown). */
  readonly area?: boolean;
}

export interface Marker {
  readonly time: number;
  readonly value: number;
  readonly color: string;
  /** Up triangle for buys, down for sells, circle for exits. */
  readonly shape: 'up' | 'down' | 'circle';
  readonly title: string;
}

export interface ChartOptions {
  readonly id: string;
  readonly title: string;
  readonly width?: number;
  readonly height?: number;
  readonly format?: (value: number) => string;
}

const PAD_LEFT = 70;
const PAD_RIGHT = 12;
const PAD_TOP = 24;
const PAD_BOTTOM = 24;

export function lineChart(series: readonly Series[], markers: readonly Marker[], options: ChartOptions): string {
  const width = options.width ?? 960;
  const height = options.height ?? 260;
  const format = options.format ?? ((v: number) => v.toFixed(2));
  const allTimes = series.flatMap((s) => s.times);
  const allValues = [...series.flatMap((s) => s.values), ...markers.map((m) => m.value)].filter(Number.isFinite);
  if (allTimes.length === 0 || allValues.length === 0) {
    return `<svg id="${options.id}" class="chart" width="${width}" height="${height}" role="img"><title>${escapeHtml(options.title)}</title><text x="10" y="20">no data</text></svg>`;
  }
  const t0 = Math.min(...allTimes);
  const t1 = Math.max(...allTimes);
  let v0 = Math.min(...allValues, ...(series.some((s) => s.area) ? [0] : []));
  let v1 = Math.max(...allValues, ...(series.some((s) => s.area) ? [0] : []));
  if (v0 === v1) [v0, v1] = [v0 - 1, v1 + 1];
  const x = (t: number): number => PAD_LEFT + ((t - t0) / (t1 - t0 || 1)) * (width - PAD_LEFT - PAD_RIGHT);
  const y = (v: number): number => PAD_TOP + (1 - (v - v0) / (v1 - v0)) * (height - PAD_TOP - PAD_BOTTOM);
  const parts: string[] = [];
  parts.push(`<svg id="${options.id}" class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" xmlns="http://www.w3.org/2000/svg">`);
  parts.push(`<title>${escapeHtml(options.title)}</title>`);
  for (let k = 0; k <= 4; k++) {
    const v = v0 + ((v1 - v0) * k) / 4;
    parts.push(`<line x1="${PAD_LEFT}" x2="${width - PAD_RIGHT}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#e3e3e3"/>`);
    parts.push(`<text x="${PAD_LEFT - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end" font-size="11">${escapeHtml(format(v))}</text>`);
  }
  parts.push(`<text x="${PAD_LEFT}" y="${height - 6}" font-size="11">${isoDay(t0)}</text>`);
  parts.push(`<text x="${width - PAD_RIGHT}" y="${height - 6}" font-size="11" text-anchor="end">${isoDay(t1)}</text>`);
  for (const s of series) {
    const points = s.times.map((t, k) => `${x(t).toFixed(1)},${y(s.values[k]).toFixed(1)}`);
    if (s.area && points.length > 0) {
      const base = y(0).toFixed(1);
      parts.push(`<polygon class="area" fill="${s.color}" fill-opacity="0.25" points="${x(s.times[0]).toFixed(1)},${base} ${points.join(' ')} ${x(s.times[s.times.length - 1]).toFixed(1)},${base}"/>`);
    }
    parts.push(`<polyline class="line" fill="none" stroke="${s.color}" stroke-width="1.2" points="${points.join(' ')}"/>`);
  }
  for (const m of markers) {
    const cx = x(m.time).toFixed(1);
    const cy = y(m.value);
    const shape =
      m.shape === 'circle'
        ? `<circle class="marker" cx="${cx}" cy="${cy.toFixed(1)}" r="3" fill="${m.color}">`
        : `<path class="marker" d="M${cx} ${(m.shape === 'up' ? cy - 5 : cy + 5).toFixed(1)} l4 ${m.shape === 'up' ? 8 : -8} h-8 z" fill="${m.color}">`;
    parts.push(`${shape}<title>${escapeHtml(m.title)}</title>${m.shape === 'circle' ? '</circle>' : '</path>'}`);
  }
  parts.push('</svg>');
  return parts.join('');
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function isoDay(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}
