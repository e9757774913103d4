import { createHash } from 'node:crypto';
import { listReportValues } from '@jmm/domain';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildReportModel } from './build-report-model.ts';
import { renderReportPdf } from './render-report-pdf.ts';
import { publicMetrics, publicReportInput } from './report.fixture.ts';

/** The PDF's text, one string per printed line (items on one baseline joined by a space), page by page. */
async function extractLines(bytes: Uint8Array): Promise<string[]> {
  const pdf = await getDocument({ data: bytes.slice(), useSystemFonts: false, isEvalSupported: false })
    .promise;
  const lines: string[] = [];
  for (let n = 1; n <= pdf.numPages; n += 1) {
    const content = await (await pdf.getPage(n)).getTextContent();
    const byBaseline = new Map<number, { x: number; text: string }[]>();
    for (const item of content.items) {
      if (!('str' in item) || item.str.trim() === '') continue;
      const y = Math.round(item.transform[5] as number);
      const x = item.transform[4] as number;
      byBaseline.set(y, [...(byBaseline.get(y) ?? []), { x, text: item.str }]);
    }
    for (const y of [...byBaseline.keys()].sort((a, b) => b - a))
      lines.push(
        byBaseline
          .get(y)!
          .sort((a, b) => a.x - b.x)
          .map((i) => i.text)
          .join(' '),
      );
  }
  await pdf.destroy();
  return lines;
}

describe('renderReportPdf', () => {
  const model = buildReportModel(publicReportInput());
  let bytes: Uint8Array;
  let lines: string[];

  beforeAll(async () => {
    bytes = await renderReportPdf(model);
    lines = await extractLines(bytes);
  });

  it('is a PDF with Noto Sans embedded', () => {
    const text = Buffer.from(bytes).toString('latin1');
    expect(text.startsWith('%PDF-1.')).toBe(true);
    expect(text).toContain('/FontFile2');
    expect(text).toContain('NotoSans');
  });

  it('says the data are synthetic and names the checkpoint', () => {
    const all = lines.join('\n');
    expect(all).toContain('Synthetic demonstration data');
    expect(all).toContain('Tree size 4321');
    expect(all).toContain('jmm verify');
  });

  it('prints every published value, parsed back equal to the computed ones', () => {
    const start = lines.indexOf('Key Value');
    expect(start).toBeGreaterThan(0);
    const printed = Object.fromEntries(
      lines
        .slice(start + 1)
        .map((line) => /^(\S+) (-?[0-9.]+)$/.exec(line))
        .filter((match) => match !== null)
        .map((match) => [match[1]!, Number(match[2])]),
    );
    expect(printed).toEqual(listReportValues(publicMetrics()));
  });

  it('prints every table value beside its previous value and change, in table order', () => {
    let from = 0;
    for (const table of model.sections.flatMap((s) => s.tables)) {
      for (const row of table.rows) {
        const k = row.findIndex((c) => c.key !== undefined);
        if (k === -1) continue;
        const numbers = ` ${row[k]!.text} ${row[k + 1]!.text} ${row[k + 2]!.text}`;
        const at = lines.findIndex((line, i) => i >= from && ` ${line} `.includes(`${numbers} `));
        expect(at, `${table.id}: ${row[0]!.text}${numbers}`).toBeGreaterThanOrEqual(from);
        from = at + 1;
      }
    }
  });

  it('prints the summary built from the numbers', () => {
    const all = lines.join(' ');
    expect(all).toContain('pb reported fewer than 3 allegations (4 in September 2026).');
  });

  it('gives the same bytes for the same model', async () => {
    const again = await renderReportPdf(buildReportModel(publicReportInput()));
    const digest = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
    expect(digest(again)).toBe(digest(bytes));
  });
});
