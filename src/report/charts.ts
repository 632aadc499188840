import { html, type SafeHtml } from './html.js';

export interface Bar { label: string; value: number; color?: string; key?: string }

/** A horizontal bar chart as inline SVG: label, bar, value; data-* attributes name each bar. */
export function horizontalBarChart(title: string, bars: Bar[], options: { width?: number; chart: string } = { chart: 'chart' }): SafeHtml {
  const width = options.width ?? 640;
  const labelWidth = 210;
  const rowHeight = 24;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const barSpace = width - labelWidth - 80;
  const height = Math.max(rowHeight, bars.length * rowHeight) + 8;
  return html`<figure class="chart" data-chart="${options.chart}"><figcaption>${title}</figcaption>
<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${title}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">
${bars.map((b, i) => {
    const y = 4 + i * rowHeight;
    const w = b.value === 0 ? 0 : Math.max(2, Math.round((b.value / max) * barSpace));
    return html`<g data-bar="${b.key ?? b.label}" data-count="${b.value}"><text x="${labelWidth - 8}" y="${y + 16}" text-anchor="end" class="label">${b.label}</text><rect x="${labelWidth}" y="${y + 3}" width="${w}" height="${rowHeight - 8}" fill="${b.color ?? '#4a78c2'}" rx="2"></rect><text x="${labelWidth + w + 6}" y="${y + 16}" class="value">${b.value.toLocaleString('en-US')}</text></g>`;
  })}
</svg></figure>`;
}

export interface Bucket { from: number; to: number; count: number }

/** A histogram as inline SVG: one column per bucket, counts on top, bucket bounds below. */
export function histogram(title: string, buckets: Bucket[], options: { width?: number; chart: string; bands?: { review?: number; match?: number } } = { chart: 'histogram' }): SafeHtml {
  const width = options.width ?? 640;
  const height = 220;
  const bottom = 30;
  const top = 18;
  if (buckets.length === 0) {
    return html`<figure class="chart" data-chart="${options.chart}"><figcaption>${title}</figcaption><p class="empty">no scored rows</p></figure>`;
  }
  buckets = withThresholds(buckets, options.bands);
  const max = Math.max(1, ...buckets.map((b) => b.count));
  const columnWidth = (width - 20) / buckets.length;
  return html`<figure class="chart" data-chart="${options.chart}"><figcaption>${title}</figcaption>
<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${title}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">
${buckets.map((b, i) => {
    const h = b.count === 0 ? 0 : Math.max(1, Math.round((b.count / max) * (height - bottom - top)));
    const x = 10 + i * columnWidth;
    const color = options.bands?.match !== undefined && b.from >= options.bands.match ? '#2e8b57'
      : options.bands?.review !== undefined && b.from >= options.bands.review ? '#d98c1f' : '#8a9bb0';
    return html`<g data-bucket="${b.from}" data-count="${b.count}"><rect x="${x + 1}" y="${height - bottom - h}" width="${Math.max(1, columnWidth - 2)}" height="${h}" fill="${color}"></rect>${b.count ? html`<text x="${x + columnWidth / 2}" y="${height - bottom - h - 4}" text-anchor="middle" class="value">${b.count}</text>` : ''}<text x="${x + columnWidth / 2}" y="${height - bottom + 14}" text-anchor="middle" class="label">${b.from}</text></g>`;
  })}
<line x1="10" x2="${width - 10}" y1="${height - bottom}" y2="${height - bottom}" stroke="#999"></line>
${thresholdLines(buckets, columnWidth, height, bottom, options.bands)}
</svg></figure>`;
}

/** Dashed vertical lines where the review and match thresholds fall, labelled. */
function thresholdLines(buckets: Bucket[], columnWidth: number, height: number, bottom: number, bands: { review?: number; match?: number } | undefined): SafeHtml {
  if (!bands || buckets.length === 0) return html``;
  const from = buckets[0].from;
  const step = buckets[0].to - buckets[0].from;
  const lines: [string, number, string][] = [];
  for (const [name, value, color] of [['review', bands.review, '#d98c1f'], ['match', bands.match, '#2e8b57']] as [string, number | undefined, string][]) {
    if (value !== undefined && value >= from && value <= buckets[buckets.length - 1].to) lines.push([name, value, color]);
  }
  return html`${lines.map(([name, value, color]) => {
    const x = 10 + ((value - from) / step) * columnWidth;
    return html`<g data-threshold="${name}" data-value="${value}"><line x1="${x}" x2="${x}" y1="4" y2="${height - bottom}" stroke="${color}" stroke-width="2" stroke-dasharray="5 3"></line><text x="${x + 4}" y="14" class="label">${name} ${value}</text></g>`;
  })}`;
}

/** Empty buckets added on either side so both thresholds fall inside the chart and get their line. */
function withThresholds(buckets: Bucket[], bands: { review?: number; match?: number } | undefined): Bucket[] {
  const values = [bands?.review, bands?.match].filter((v): v is number => v !== undefined && Number.isFinite(v));
  if (!values.length || buckets.length === 0) return buckets;
  const step = buckets[0].to - buckets[0].from;
  const out = [...buckets];
  while (out[0].from > Math.min(...values) && out.length < 200) out.unshift({ from: out[0].from - step, to: out[0].from, count: 0 });
  while (out[out.length - 1].to <= Math.max(...values) && out.length < 200) out.push({ from: out[out.length - 1].to, to: out[out.length - 1].to + step, count: 0 });
  return out;
}
