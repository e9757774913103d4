import type { ReportDraft, ReportDraftRequest } from '@jmm/client';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { I18nProvider } from '../i18n/i18n-context.tsx';
import { ReportDraftField } from './ReportDraftField.tsx';

const PDF_SHA = 'a'.repeat(64);
const HTML_SHA = 'b'.repeat(64);

function draftFor(request: ReportDraftRequest): ReportDraft {
  return {
    body: {
      title: `${request.audience === 'public' ? 'Public' : 'Mechanism'} monthly report, October 2026`,
      period: { start: '2026-10-01T00:00:00.000Z', end: '2026-11-01T00:00:00.000Z' },
      checkpoint: { tree_size: 1645, root_hash: `${'A'.repeat(43)}=` },
      metrics: { 'incidents.alleged_against.pb.total': 12, 'responses.pb.responded_on_time_share': 0.6 },
      documents: [
        { sha256: PDF_SHA, media_type: 'application/pdf', bytes: 2000 },
        { sha256: HTML_SHA, media_type: 'text/html', bytes: 1000 },
      ],
    },
    audience: request.audience,
    documents: [
      {
        sha256: PDF_SHA,
        media_type: 'application/pdf',
        bytes: 2000,
        url: `/api/v1/reports/documents/${PDF_SHA}`,
        preview_url: `/api/v1/reports/drafts/documents/${PDF_SHA}?media_type=application%2Fpdf`,
      },
      {
        sha256: HTML_SHA,
        media_type: 'text/html',
        bytes: 1000,
        url: `/api/v1/reports/documents/${HTML_SHA}`,
        preview_url: `/api/v1/reports/drafts/documents/${HTML_SHA}?media_type=text%2Fhtml`,
      },
    ],
  };
}

/** The field as the compose form holds it: its value is the draft, kept by the form. */
function Harness({ prepare }: { prepare: (request: ReportDraftRequest) => Promise<ReportDraft> }) {
  const [value, setValue] = useState<ReportDraft | undefined>(undefined);
  return (
    <ReportDraftField
      label="Report"
      value={value}
      onChange={setValue}
      errors={null}
      prepare={prepare}
      now={() => new Date('2026-11-03T09:00:00Z')}
    />
  );
}

function renderField(prepare: (request: ReportDraftRequest) => Promise<ReportDraft>) {
  render(
    <I18nProvider language="en">
      <Harness prepare={prepare} />
    </I18nProvider>,
  );
}

afterEach(cleanup);

describe('ReportDraftField', () => {
  it('starts with last month, for the public, and signs nothing before the report is prepared', () => {
    renderField(() => Promise.reject(new Error('not called')));
    expect(screen.getByLabelText('Period')).toHaveProperty('value', '2026-10');
    expect(screen.getByRole('radio', { name: 'Public report' })).toHaveProperty('checked', true);
    expect(screen.getByText(/Prepare the report from the log before you sign it/)).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('asks the server for the period and audience chosen, and shows its values read-only', async () => {
    const prepare = vi.fn((request: ReportDraftRequest) => Promise.resolve(draftFor(request)));
    renderField(prepare);
    fireEvent.change(screen.getByLabelText('Period'), { target: { value: '2026-Q3' } });
    fireEvent.click(screen.getByRole('radio', { name: "For the mechanism's members only" }));
    fireEvent.click(screen.getByRole('checkbox', { name: /even if the period has not ended/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Prepare from the log' }));

    const table = await screen.findByRole('table', { name: 'Values the report publishes' });
    expect(prepare).toHaveBeenCalledWith({ period: '2026-Q3', audience: 'mechanism', partial: true });
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((row) => row.textContent);
    expect(rows).toEqual(['incidents.alleged_against.pb.total12', 'responses.pb.responded_on_time_share0.6']);
    // Shown, not editable: the log accepts exactly these values.
    expect(within(table).queryAllByRole('textbox')).toEqual([]);
    expect(screen.getByText(/computed at the checkpoint of 1,?645 entries/)).toBeTruthy();
  });

  it('links the drafted PDF and HTML for a preview, in a new tab', async () => {
    renderField((request) => Promise.resolve(draftFor(request)));
    fireEvent.click(screen.getByRole('button', { name: 'Prepare from the log' }));
    const pdf = await screen.findByRole('link', { name: /Preview the PDF/ });
    expect(pdf.getAttribute('href')).toBe(
      `/api/v1/reports/drafts/documents/${PDF_SHA}?media_type=application%2Fpdf`,
    );
    expect(pdf.getAttribute('target')).toBe('_blank');
    expect(screen.getByRole('link', { name: /Preview the HTML/ }).getAttribute('href')).toBe(
      `/api/v1/reports/drafts/documents/${HTML_SHA}?media_type=text%2Fhtml`,
    );
  });

  it('shows why the server could not prepare it, and keeps nothing to sign', async () => {
    renderField(() => Promise.reject(new Error('the period ends 2026-12-01, after the latest checkpoint')));
    fireEvent.click(screen.getByRole('button', { name: 'Prepare from the log' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/after the latest checkpoint/);
    await waitFor(() => {
      expect(screen.getByRole('button', { name: 'Prepare from the log' })).toHaveProperty('disabled', false);
    });
    expect(screen.queryByRole('table')).toBeNull();
  });
});
