import type { ReportSummary } from '@jmm/client';
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { I18nProvider } from '../i18n/i18n-context.tsx';
import { ReportList } from './ReportList.tsx';

const PDF_SHA = 'a'.repeat(64);
const HTML_SHA = 'b'.repeat(64);

function report(overrides: Partial<ReportSummary> = {}): ReportSummary {
  return {
    digest: `sha256:${'c'.repeat(64)}`,
    index: 2056,
    org: 'sec',
    member: null,
    audience: 'public',
    issued_at: '2026-11-03T09:00:00Z',
    log_time: '2026-11-03T09:00:01Z',
    title: 'Public monthly report, October 2026',
    period: { start: '2026-10-01T00:00:00.000Z', end: '2026-11-01T00:00:00.000Z' },
    checkpoint: { tree_size: 1645, root_hash: 'hfro9Ooak7wsZX6JNq64GMzr2VXfUHV812aDl/epk8k=' },
    values: { 'incidents.alleged_against.pk.total': 12 },
    value_count: 1,
    // Listed HTML first, as a publisher may: the PDF is still offered first.
    documents: [
      {
        sha256: HTML_SHA,
        media_type: 'text/html',
        bytes: 1000,
        url: `/api/v1/reports/documents/${HTML_SHA}`,
      },
      {
        sha256: PDF_SHA,
        media_type: 'application/pdf',
        bytes: 2000,
        url: `/api/v1/reports/documents/${PDF_SHA}`,
      },
    ],
    ...overrides,
  };
}

function renderList(reports: ReportSummary[], language: 'en' | 'ur' = 'en') {
  render(
    <I18nProvider language={language}>
      <ReportList reports={reports} />
    </I18nProvider>,
  );
}

afterEach(cleanup);

describe('ReportList', () => {
  it('links the PDF and the HTML, each opening in a new tab, PDF first', () => {
    renderList([report()]);
    const links = screen.getAllByRole('link', { name: /opens in a new tab/ });
    expect(links.map((link) => link.getAttribute('href'))).toEqual([
      `/api/v1/reports/documents/${PDF_SHA}`,
      `/api/v1/reports/documents/${HTML_SHA}`,
    ]);
    for (const link of links) {
      expect(link.getAttribute('target')).toBe('_blank');
      expect(link.getAttribute('rel')).toContain('noopener');
    }
    expect(links[0]?.getAttribute('type')).toBe('application/pdf');
  });

  it('offers the PDF as a download', () => {
    renderList([report()]);
    const download = screen.getByRole('link', { name: /Download the PDF/ });
    expect(download.getAttribute('href')).toBe(`/api/v1/reports/documents/${PDF_SHA}`);
    expect(download.getAttribute('download')).toBe('Public monthly report, October 2026.pdf');
  });

  it('shows the audience and the checkpoint the values were computed at', () => {
    renderList([report(), report({ digest: `sha256:${'d'.repeat(64)}`, audience: 'mechanism' })]);
    const items = screen.getAllByRole('listitem');
    expect(within(items[0]!).getByText('Public report')).toBeTruthy();
    expect(within(items[1]!).getByText("For the mechanism's members only")).toBeTruthy();
    const checkpoint = within(items[0]!).getByText(/computed at log size 1,?645/);
    expect(checkpoint.getAttribute('title')).toContain('hfro9Ooak7wsZX6JNq64GMzr2VXfUHV812aDl/epk8k=');
  });

  it('names the period by its first and last day (its end is exclusive)', () => {
    renderList([report()]);
    const meta = screen.getByRole('listitem').querySelector('.meta')!.textContent;
    expect(meta).toContain('31');
    expect(meta).not.toMatch(/Nov/);
  });

  it('links the report.publish record itself', () => {
    renderList([report()]);
    expect(
      screen.getByRole('link', { name: 'Public monthly report, October 2026' }).getAttribute('href'),
    ).toBe(`/records/sha256:${'c'.repeat(64)}`);
  });

  it('is translated', async () => {
    renderList([report({ audience: 'mechanism' })], 'ur');
    expect(await screen.findByText('صرف میکانزم کے اراکین کے لیے')).toBeTruthy();
    expect(screen.getAllByRole('link', { name: /نئے ٹیب میں کھلتا ہے.*October/ })).toHaveLength(2);
  });
});
