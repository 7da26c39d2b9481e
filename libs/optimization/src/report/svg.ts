// Small inline SVG charts for the optimisation report: lines over time and
// percentile bands. No script, no network; the same data gives the same bytes.

export interface LineSeries {
  readonly label: string;
  readonly times: ArrayLike<number>;
  readonly values: ArrayLike<number>;
  readonly color: string;
  readonly dashed?: boolean;
}

export interface Band {
  readonly label: string;
  readonly times: ArrayLike<number>;
  readonly lower: ArrayLike<number>;
  readonly upper: ArrayLike<number>;
  readonly color: string;
}

export interface ChartFrame {
  readonly id: string;
  readonly title: string;
  readonly width?: number;
  readonly height?: number;
  readonly format?: (value: number) => string;
}

const PAD = { left: 76, right: 12, top: 24, bottom: 40 };

export function timeChart(frame: ChartFrame, lines: readonly LineSeries[], bands: readonly Band[] = []): string {
  const width = frame.width ?? 960;
  const height = frame.height ?? 300;
  const format = frame.format ?? ((value: number) => value.toFixed(0));
  const times = [...lines.flatMap((line) => Array.from(line.times)), ...bands.flatMap((band) => Array.from(band.times))];
  const values = [...lines.flatMap((line) => Array.from(line.values)), ...bands.flatMap((band) => [...Array.from(band.lower), ...Array.from(band.upper)])].filter(Number.isFinite);
  const open = `<svg id="${frame.id}" class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" xmlns="http://www.w3.org/2000/svg"><title>${escapeHtml(frame.title)}</title>`;
  if (times.length === 0 || values.length === 0) return `${open}<text x="10" y="20">no data</text></svg>`;
  const t0 = Math.min(...times);
  const t1 = Math.max(...times);
  let v0 = Math.min(...values);
  let v1 = Math.max(...values);
  if (v0 === v1) [v0, v1] = [v0 - 1, v1 + 1];
  const x = (t: number): string => (PAD.left + ((t - t0) / (t1 - t0 || 1)) * (width - PAD.left - PAD.right)).toFixed(1);
  const y = (v: number): string => (PAD.top + (1 - (v - v0) / (v1 - v0)) * (height - PAD.top - PAD.bottom)).toFixed(1);
  const parts = [open];
  for (let k = 0; k <= 4; k++) {
    const v = v0 + ((v1 - v0) * k) / 4;
    parts.push(`<line x1="${PAD.left}" x2="${width - PAD.right}" y1="${y(v)}" y2="${y(v)}" stroke="#e3e3e3"/>`);
    parts.push(`<text x="${PAD.left - 6}" y="${(Number(y(v)) + 4).toFixed(1)}" text-anchor="end" font-size="11">${escapeHtml(format(v))}</text>`);
  }
  parts.push(`<text x="${PAD.left}" y="${height - 22}" font-size="11">${isoDay(t0)}</text>`);
  parts.push(`<text x="${width - PAD.right}" y="${height - 22}" font-size="11" text-anchor="end">${isoDay(t1)}</text>`);
  for (const band of bands) {
    const upper = Array.from(band.times, (t, k) => `${x(t)},${y(band.upper[k])}`);
    const lower = Array.from(band.times, (t, k) => `${x(t)},${y(band.lower[k])}`).reverse();
    parts.push(`<polygon points="${[...upper, ...lower].join(' ')}" fill="${band.color}" stroke="none"><title>${escapeHtml(band.label)}</title></polygon>`);
  }
  for (const line of lines) {
    const points = Array.from(line.times, (t, k) => `${x(t)},${y(line.values[k])}`).join(' ');
    parts.push(`<polyline points="${points}" fill="none" stroke="${line.color}" stroke-width="1.5"${line.dashed ? ' stroke-dasharray="6 4"' : ''}><title>${escapeHtml(line.label)}</title></polyline>`);
  }
  const legend = [...bands.map((band) => ({ label: band.label, color: band.color, dashed: false })), ...lines.map((line) => ({ label: line.label, color: line.color, dashed: line.dashed ?? false }))];
  let lx = PAD.left;
  for (const item of legend) {
    parts.push(`<rect x="${lx}" y="${height - 14}" width="14" height="8" fill="${item.color}"/><text x="${lx + 18}" y="${height - 6}" font-size="11">${escapeHtml(item.label)}</text>`);
    lx += 28 + item.label.length * 6;
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
