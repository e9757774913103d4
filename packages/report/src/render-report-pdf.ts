import { readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import { formatReportDate, formatReportTime, lastDayOf } from './describe-report-period.ts';
import { CHART_HEIGHT, CHART_WIDTH, renderChartSvg } from './render-chart-svg.ts';
import { MAP_HEIGHT, MAP_WIDTH, renderIncidentMapSvg } from './render-incident-map-svg.ts';
import { ReportError } from './report-error.ts';
import type { ReportModel, ReportTable } from './report-model.ts';

const REGULAR = 'NotoSans';
const BOLD = 'NotoSans-Bold';
const MARGIN = 50;
const PAGE_WIDTH = 595.28; // A4 in points
const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN;

function readFont(file: string): Buffer {
  const url = new URL(`../assets/fonts/${file}`, import.meta.url);
  try {
    return readFileSync(url);
  } catch (cause) {
    throw new ReportError('missing_asset', `cannot read the font ${url.pathname}`, { cause });
  }
}

type Doc = InstanceType<typeof PDFDocument>;

function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > doc.page.height - MARGIN) doc.addPage();
}

/** A heading, on a new page if it and `keepWith` points of what follows it do not fit. */
function heading(doc: Doc, text: string, keepWith = 40, size = 14): void {
  ensureSpace(doc, size * 3 + keepWith);
  doc
    .moveDown(0.6)
    .font(BOLD)
    .fontSize(size)
    .fillColor('#000000')
    .text(text, MARGIN, doc.y, { width: CONTENT_WIDTH });
  doc.moveDown(0.3).font(REGULAR).fontSize(10);
}

function paragraph(doc: Doc, text: string, size = 10): void {
  doc.font(REGULAR).fontSize(size).fillColor('#1b1b1b').text(text, MARGIN, doc.y, { width: CONTENT_WIDTH });
  doc.moveDown(0.4);
}

/** Column widths: the first column takes what the others leave, the others share `rest` evenly. */
function columnWidths(count: number): number[] {
  if (count === 6) return [105, 55, 62, 62, 46, 165];
  const first = count <= 2 ? 330 : 215;
  const other = (CONTENT_WIDTH - first) / (count - 1);
  return [first, ...Array.from({ length: count - 1 }, () => other)];
}

/** One row of cells, wrapped, on a new page if it does not fit; the first cell left-aligned, the rest right. */
function tableRow(
  doc: Doc,
  texts: readonly string[],
  widths: readonly number[],
  bold: boolean,
  fill?: string,
): void {
  const padding = 3;
  doc.font(bold ? BOLD : REGULAR).fontSize(8.5);
  const height =
    Math.max(...texts.map((text, i) => doc.heightOfString(text, { width: widths[i]! - 2 * padding }))) +
    2 * padding;
  ensureSpace(doc, height);
  const top = doc.y;
  let x = MARGIN;
  texts.forEach((text, i) => {
    const width = widths[i]!;
    if (fill !== undefined) doc.rect(x, top, width, height).fill(fill);
    doc.rect(x, top, width, height).lineWidth(0.4).stroke('#c8c8c8');
    doc
      .fillColor('#1b1b1b')
      .font(bold ? BOLD : REGULAR)
      .fontSize(8.5)
      .text(text, x + padding, top + padding, {
        width: width - 2 * padding,
        align: i === 0 || texts.length === 2 ? 'left' : 'right',
      });
    x += width;
  });
  doc.x = MARGIN;
  doc.y = top + height;
}

function drawTable(
  doc: Doc,
  caption: string,
  columns: readonly string[],
  rows: readonly (readonly string[])[],
  note?: string,
): void {
  const widths = columnWidths(columns.length);
  ensureSpace(doc, 60);
  doc.font(BOLD).fontSize(10).fillColor('#000000').text(caption, MARGIN, doc.y, { width: CONTENT_WIDTH });
  doc.moveDown(0.2);
  tableRow(doc, columns, widths, true, '#eef2f5');
  for (const row of rows) tableRow(doc, row, widths, false);
  if (note !== undefined) {
    doc.moveDown(0.2);
    paragraph(doc, note, 8);
  }
  doc.moveDown(0.6);
}

function drawSvg(doc: Doc, svg: string, width: number, height: number): void {
  const scale = Math.min(1, CONTENT_WIDTH / width);
  ensureSpace(doc, height * scale + 10);
  // svg-to-pdfkit sizes an <svg> by its own width and height attributes, not by the viewport given below: an
  // SVG wider than the page is drawn at the scaled size only if its attributes say so (its viewBox scales).
  const sized = svg.replace(
    /^(<svg\b[^>]*?)\swidth="[^"]*"\sheight="[^"]*"/,
    `$1 width="${width * scale}" height="${height * scale}"`,
  );
  SVGtoPDF(doc, sized, MARGIN, doc.y, {
    width: width * scale,
    height: height * scale,
    // The SVGs are drawn in points (their sizes are chosen for the page), not CSS pixels.
    assumePt: true,
    fontCallback: (_family, bold) => (bold ? BOLD : REGULAR),
  });
  doc.y += height * scale + 6;
  doc.x = MARGIN;
}

function tableTexts(table: ReportTable): string[][] {
  return table.rows.map((row) => row.map((cell) => cell.text));
}

function drawReport(doc: Doc, model: ReportModel): void {
  const { period, checkpoint } = model;
  doc.font(BOLD).fontSize(18).text(model.title, MARGIN, MARGIN, { width: CONTENT_WIDTH });
  doc.moveDown(0.4);
  if (model.synthetic) {
    doc.font(BOLD).fontSize(10).fillColor('#7a5b00');
    doc.text('Synthetic demonstration data: every party, incident and number in this report is invented.', {
      width: CONTENT_WIDTH,
    });
    doc.moveDown(0.4);
  }
  paragraph(
    doc,
    `${model.mechanism_name} · ${model.audience === 'public' ? 'Public report' : 'Mechanism report (restricted to the mechanism’s members)'} · ${formatReportDate(period.start)} to ${formatReportDate(lastDayOf(period.end))} (UTC) · compared with ${period.previous_label}`,
  );
  heading(doc, 'Checkpoint and how to verify');
  paragraph(
    doc,
    `Tree size ${checkpoint.tree_size} · root hash ${checkpoint.root_hash} · logged ${formatReportTime(checkpoint.log_time)}`,
  );
  for (const line of model.verification) paragraph(doc, line);
  heading(doc, 'Summary');
  for (const sentence of model.summary) paragraph(doc, sentence);
  heading(doc, 'Charts', CHART_HEIGHT);
  for (const chart of model.charts) drawSvg(doc, renderChartSvg(chart), CHART_WIDTH, CHART_HEIGHT);
  heading(doc, 'Map of incidents', (MAP_HEIGHT + 18) * (CONTENT_WIDTH / MAP_WIDTH));
  drawSvg(doc, renderIncidentMapSvg(model.map), MAP_WIDTH, MAP_HEIGHT + 18);
  paragraph(doc, model.map.caption, 8);
  for (const section of model.sections) {
    heading(doc, section.heading);
    paragraph(doc, section.intro);
    for (const table of section.tables)
      drawTable(doc, table.caption, table.columns, tableTexts(table), table.note);
  }
  heading(doc, 'Findings released in the period');
  if (model.findings.length === 0) paragraph(doc, 'No finding was released in the period.');
  else
    drawTable(
      doc,
      'Findings',
      ['Finding', 'Released', 'Determination', 'Provinces'],
      model.findings.map((f) => [
        `${f.title}\n${f.summary}\n${f.digest}`,
        formatReportDate(f.released_at),
        f.determination ?? '–',
        (f.admin1 ?? []).join(', ') || '–',
      ]),
    );
  heading(doc, 'Published values');
  paragraph(
    doc,
    'Every value of this report as the report.publish statement carries it, by key. A withheld or undefined value has no key.',
  );
  drawTable(
    doc,
    'Values',
    ['Key', 'Value'],
    Object.entries(model.values).map(([key, value]) => [key, String(value)]),
  );
}

/**
 * The report as PDF, without a browser (DESIGN.md §7): pdfkit with Noto Sans embedded (subset), charts and
 * map drawn from the same SVG the HTML inlines. The creation date and document ID derive from the checkpoint,
 * not the clock, so rendering one model twice gives the same bytes and the digest in report.publish is
 * reproducible.
 */
export async function renderReportPdf(model: ReportModel): Promise<Uint8Array> {
  const date = new Date(Date.parse(model.checkpoint.log_time));
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    lang: 'en',
    displayTitle: true,
    info: {
      Title: model.title,
      Author: model.mechanism_name,
      Subject: `Checkpoint ${model.checkpoint.tree_size} ${model.checkpoint.root_hash}`,
      Creator: 'JMM @jmm/report',
      Producer: 'JMM @jmm/report (PDFKit)',
      CreationDate: date,
      ModDate: date,
    },
  });
  doc.registerFont(REGULAR, readFont('NotoSans-Regular.ttf'));
  doc.registerFont(BOLD, readFont('NotoSans-Bold.ttf'));
  doc.font(REGULAR);
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', resolve);
    doc.on('error', (cause: unknown) => {
      reject(new ReportError('pdf_failed', 'the PDF writer failed', { cause }));
    });
  });
  try {
    drawReport(doc, model);
  } catch (cause) {
    throw new ReportError('pdf_failed', 'the report could not be laid out as PDF', { cause });
  }
  doc.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}
