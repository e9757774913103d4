import { listReportValues } from '@jmm/domain';
import { describe, expect, it } from 'vitest';
import { buildReportModel } from './build-report-model.ts';
import { escapeHtml, renderReportHtml } from './render-report-html.ts';
import type { ReportModel } from './report-model.ts';
import { publicMetrics, publicReportInput } from './report.fixture.ts';

/** The published values the HTML's tables do not show with their value (the appendix does not count). */
function findMissingValues(html: string, values: Readonly<Record<string, number>>): string[] {
  const tables = html.slice(0, html.indexOf('<section id="values">'));
  return Object.entries(values)
    .filter(([key, value]) => !tables.includes(`data-key="${escapeHtml(key)}" data-value="${value}">`))
    .map(([key]) => key);
}

describe('renderReportHtml', () => {
  const model = buildReportModel(publicReportInput());
  const html = renderReportHtml(model);
  const values = listReportValues(publicMetrics());

  it('shows every published value in a table cell marked with its key', () => {
    expect(findMissingValues(html, values)).toEqual([]);
  });

  it('fails the golden check when a metric disappears from the output', () => {
    const without: ReportModel = {
      ...model,
      sections: model.sections.map((section) => ({
        ...section,
        tables: section.tables.map((table) => ({
          ...table,
          rows: table.rows.filter((row) => row[0]?.text !== 'Hours to reply (90th percentile)'),
        })),
      })),
    };
    expect(findMissingValues(renderReportHtml(without), values)).toEqual(['exchanges.pb.hours_to_reply_p90']);
  });

  it('shows the numbers as the tables format them', () => {
    expect(html).toContain('data-key="responses.pb.responded_on_time_share" data-value="0.6">60%</td>');
    expect(html).toContain('data-key="exchanges.pb.hours_to_reply_p90" data-value="160.4">160.4</td>');
  });

  it('says the data are synthetic, names the checkpoint and tells how to verify', () => {
    expect(html).toContain('Synthetic demonstration data');
    expect(html).toContain('<dt>Tree size</dt><dd>4321</dd>');
    expect(html).toContain('q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=');
    expect(html).toContain('jmm verify https://jmm.example.org --origin jmm.example.org/pak-afg');
    expect(html).toContain('report.publish');
  });

  it('does not call itself synthetic when it is not', () => {
    const real = renderReportHtml(buildReportModel(publicReportInput({ synthetic: false })));
    expect(real).not.toContain('Synthetic demonstration data');
  });

  it('is self-contained: inline SVG charts and map, no script, no external resource', () => {
    expect(html.match(/<svg /g)?.length).toBe(model.charts.length + 1);
    expect(html).not.toMatch(/<script|<link|<img|src=|https?:\/\/(?!www\.w3\.org|jmm\.example\.org)/);
  });

  it('writes a withheld cell as "fewer than K", never as a number', () => {
    expect(html).toContain('<td class="n">fewer than 3</td><td class="n">4</td>');
  });

  it('renders the same bytes twice', () => {
    expect(renderReportHtml(buildReportModel(publicReportInput()))).toBe(html);
  });

  it('escapes text that came from the log', () => {
    const hostile = renderReportHtml(buildReportModel(publicReportInput({ mechanismName: '<b>x</b>' })));
    expect(hostile).not.toContain('<b>x</b>');
  });
});
