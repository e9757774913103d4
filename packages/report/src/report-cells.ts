import type { ReportModel } from './report-model.ts';

/** Every table cell that holds a published value, by its report.publish key (in table order). */
export function listPublishedCells(model: ReportModel): { key: string; value: number; text: string }[] {
  return model.sections.flatMap((section) =>
    section.tables.flatMap((table) =>
      table.rows.flatMap((row) =>
        row.flatMap((c) =>
          c.key === undefined || c.value === undefined ? [] : [{ key: c.key, value: c.value, text: c.text }],
        ),
      ),
    ),
  );
}
