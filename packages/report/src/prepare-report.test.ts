import { decodeUtf8, encodeHex, sha256 } from '@jmm/core';
import { listReportValues, reportPublishBodySchema } from '@jmm/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareReport, type PreparedReport } from './prepare-report.ts';
import { ReportError } from './report-error.ts';
import { publicMetrics, publicReportInput } from './report.fixture.ts';

/** The fixture's October metrics as they stand at a checkpoint before the month has ended. */
function runningInput() {
  const metrics = publicMetrics();
  return publicReportInput({
    checkpoint: { ...publicReportInput().checkpoint, log_time: '2026-10-20T00:00:00.000Z' },
    metrics: {
      ...metrics,
      as_of: '2026-10-20T00:00:00.000Z',
      period: { ...metrics.period, complete: false },
    },
  });
}

async function codeOf(run: Promise<unknown>): Promise<string | undefined> {
  try {
    await run;
  } catch (error) {
    expect(error).toBeInstanceOf(ReportError);
    return (error as ReportError).code;
  }
  return undefined;
}

describe('prepareReport', () => {
  describe('for a period that has ended at the checkpoint', () => {
    let prepared: PreparedReport;
    beforeAll(async () => {
      prepared = await prepareReport(publicReportInput(), { partial: false });
    });

    it('publishes exactly the audience’s report values, at the checkpoint, for the period', () => {
      expect(prepared.body.metrics).toEqual(listReportValues(publicMetrics()));
      expect(prepared.body.checkpoint).toEqual({
        tree_size: 4321,
        root_hash: 'q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=',
      });
      expect(prepared.body.period).toEqual({
        start: '2026-10-01T00:00:00.000Z',
        end: '2026-11-01T00:00:00.000Z',
      });
    });

    it('lists the PDF then the HTML by the SHA-256 and length of the bytes rendered', () => {
      expect(prepared.body.documents).toEqual([
        {
          sha256: encodeHex(sha256(prepared.pdf)),
          media_type: 'application/pdf',
          bytes: prepared.pdf.length,
        },
        { sha256: encodeHex(sha256(prepared.html)), media_type: 'text/html', bytes: prepared.html.length },
      ]);
      expect(decodeUtf8(prepared.pdf.slice(0, 5))).toBe('%PDF-');
      expect(decodeUtf8(prepared.html)).toContain(prepared.model.title.replace(/&/g, '&amp;'));
    });

    it('is a body the report.publish schema accepts', () => {
      expect(reportPublishBodySchema.safeParse(prepared.body).success).toBe(true);
    });
  });

  describe('for a period still running at the checkpoint', () => {
    it('refuses it with period_not_ended', async () => {
      expect(await codeOf(prepareReport(runningInput(), { partial: false }))).toBe('period_not_ended');
    });

    it('prepares it when asked for a partial report', async () => {
      const prepared = await prepareReport(runningInput(), { partial: true });
      expect(prepared.model.period.complete).toBe(false);
    });
  });

  it('refuses a period that begins after the checkpoint, even partial', async () => {
    const input = publicReportInput({
      checkpoint: { ...publicReportInput().checkpoint, log_time: '2026-09-20T00:00:00.000Z' },
    });
    expect(await codeOf(prepareReport(input, { partial: true }))).toBe('period_not_ended');
  });
});
