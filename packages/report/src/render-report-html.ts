import { formatReportDate, formatReportTime, lastDayOf } from './describe-report-period.ts';
import { REPORT_FONT_FAMILY, renderChartSvg } from './render-chart-svg.ts';
import { renderIncidentMapSvg } from './render-incident-map-svg.ts';
import type { ReportCell, ReportModel, ReportTable } from './report-model.ts';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `
body{font-family:${REPORT_FONT_FAMILY};color:#1b1b1b;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.3rem}h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid #ccc}
.synthetic{background:#fff3cd;border:1px solid #c9a227;padding:.5rem .75rem;font-weight:bold}
.meta{color:#444}code,pre{font-family:'DejaVu Sans Mono',monospace;font-size:.85rem}
pre{background:#f4f4f4;padding:.5rem;white-space:pre-wrap;word-break:break-all}
table{border-collapse:collapse;margin:1rem 0;width:100%;font-size:.9rem}
caption{text-align:left;font-weight:bold;padding:.25rem 0}
th,td{border:1px solid #d0d0d0;padding:.2rem .5rem;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}thead th{background:#eef2f5}
.note{font-size:.85rem;color:#444}figure{margin:1rem 0}figcaption{font-size:.85rem;color:#444}
.charts{display:flex;flex-wrap:wrap;gap:1rem}svg{max-width:100%;height:auto}
@media print{body{margin:0}h2{break-after:avoid}table{break-inside:auto}}
`;

function renderCell(cell: ReportCell, index: number): string {
  if (index === 0) return `<th scope="row">${escapeHtml(cell.text)}</th>`;
  const data =
    cell.key === undefined ? '' : ` data-key="${escapeHtml(cell.key)}" data-value="${String(cell.value)}"`;
  return `<td class="n"${data}>${escapeHtml(cell.text)}</td>`;
}

function renderTable(table: ReportTable): string {
  const head = table.columns.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join('');
  const body = table.rows.map((row) => `<tr>${row.map(renderCell).join('')}</tr>`).join('\n');
  const note = table.note === undefined ? '' : `<p class="note">${escapeHtml(table.note)}</p>`;
  return `<table id="${escapeHtml(table.id)}"><caption>${escapeHtml(table.caption)}</caption><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>${note}`;
}

function renderFindings(model: ReportModel): string {
  if (model.findings.length === 0) return '<p>No finding was released in the period.</p>';
  const rows = model.findings
    .map(
      (f) =>
        `<tr><td>${escapeHtml(formatReportDate(f.released_at))}</td><td><strong>${escapeHtml(f.title)}</strong><br>${escapeHtml(f.summary)}<br><code>${escapeHtml(f.digest)}</code></td><td>${escapeHtml(f.determination ?? '–')}</td><td>${escapeHtml((f.admin1 ?? []).join(', ') || '–')}</td></tr>`,
    )
    .join('\n');
  return `<table id="findings-released"><thead><tr><th scope="col">Released</th><th scope="col">Finding</th><th scope="col">Determination</th><th scope="col">Provinces</th></tr></thead><tbody>\n${rows}\n</tbody></table>`;
}

function renderValues(model: ReportModel): string {
  const rows = Object.entries(model.values)
    .map(
      ([key, value]) =>
        `<tr><td><code>${escapeHtml(key)}</code></td><td class="n">${String(value)}</td></tr>`,
    )
    .join('\n');
  return `<table id="published-values"><thead><tr><th scope="col">Key</th><th scope="col">Value</th></tr></thead><tbody>\n${rows}\n</tbody></table>`;
}

/**
 * The report as one self-contained HTML document (DESIGN.md §7): inline CSS, charts and map as inline SVG, no
 * script and no external resource, so it opens offline and under any CSP, and its digest is a function of the
 * model alone. Every published value sits in a table cell marked with its `report.publish` key and value.
 */
export function renderReportHtml(model: ReportModel): string {
  const { period, checkpoint } = model;
  const parts: string[] = [
    '<!doctype html>',
    '<html lang="en">',
    `<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(model.title)}</title><style>${STYLE}</style></head>`,
    '<body>',
    `<header><h1>${escapeHtml(model.title)}</h1>`,
    model.synthetic
      ? '<p class="synthetic" role="note">Synthetic demonstration data: every party, incident and number in this report is invented.</p>'
      : '',
    `<p class="meta">${escapeHtml(model.mechanism_name)} · ${model.audience === 'public' ? 'Public report' : 'Mechanism report (restricted to the mechanism’s members)'} · ${escapeHtml(formatReportDate(period.start))} to ${escapeHtml(formatReportDate(lastDayOf(period.end)))} (UTC) · compared with ${escapeHtml(period.previous_label)}</p></header>`,
    '<section id="verification"><h2>Checkpoint and how to verify</h2>',
    `<dl><dt>Tree size</dt><dd>${checkpoint.tree_size}</dd><dt>Root hash</dt><dd><code>${escapeHtml(checkpoint.root_hash)}</code></dd><dt>Logged</dt><dd>${escapeHtml(formatReportTime(checkpoint.log_time))}</dd></dl>`,
    ...model.verification.map((line) => `<p>${escapeHtml(line)}</p>`),
    `<pre><code>${escapeHtml(model.verify_command)}</code></pre></section>`,
    '<section id="summary"><h2>Summary</h2>',
    ...model.summary.map((sentence) => `<p>${escapeHtml(sentence)}</p>`),
    '</section>',
    '<section id="charts"><h2>Charts</h2><div class="charts">',
    ...model.charts.map(
      (chart) =>
        `<figure id="chart-${escapeHtml(chart.id)}">${renderChartSvg(chart)}<figcaption>${escapeHtml(chart.title)}; values withheld or undefined draw no bar.</figcaption></figure>`,
    ),
    '</div></section>',
    `<section id="map"><h2>Map of incidents</h2><figure>${renderIncidentMapSvg(model.map)}<figcaption>${escapeHtml(model.map.caption)}</figcaption></figure></section>`,
    ...model.sections.map(
      (section) =>
        `<section id="${escapeHtml(section.id)}"><h2>${escapeHtml(section.heading)}</h2><p>${escapeHtml(section.intro)}</p>\n${section.tables.map(renderTable).join('\n')}</section>`,
    ),
    `<section id="findings"><h2>Findings released in the period</h2>${renderFindings(model)}</section>`,
    '<section id="values"><h2>Published values</h2>',
    '<p>Every value of this report as the report.publish statement carries it, by key. A withheld or undefined value has no key.</p>',
    renderValues(model),
    '</section>',
    '</body>',
    '</html>',
    '',
  ];
  return parts.filter((part) => part !== '').join('\n');
}
