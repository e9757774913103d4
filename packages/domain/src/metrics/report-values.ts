import type { MetricsResult } from './metrics-result.ts';
import { PERIOD_KINDS, resolveMetricPeriod, type PeriodKind } from './metric-period.ts';

/**
 * The values a `report.publish` carries (DESIGN.md §6): every metric cell of `result` that has a value for the
 * period, keyed by its path — `responses.pk.responded_on_time_share`, `incidents.alleged_by.af.by_category.
 * cross_border_fire`, `commitments.<first 16 hex of the digest>.indicators.<id>.parties.pk.value`. A cell the
 * reader is not shown (suppressed below the minimum cell size) or that is undefined (a share of nothing) has no
 * key, so a public report cannot carry a small cell: its values must equal these (validation), and these never
 * include one. Rows are keyed by party, commitment or indicator id, never by position, so a key means the same
 * in every report.
 */
export function listReportValues(result: MetricsResult): Record<string, number> {
  const values: Record<string, number> = {};
  const visit = (node: unknown, path: string): void => {
    if (Array.isArray(node)) {
      node.forEach((item: unknown, i) => {
        visit(item, `${path}.${rowKeyOf(item) ?? String(i)}`);
      });
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    if (isMetricCell(node)) {
      if (node.value !== null && !node.suppressed) values[path] = node.value;
      return;
    }
    for (const [key, child] of Object.entries(node)) {
      // The previous period's figures belong to the previous period's report; `period` objects are not cells.
      if (key === 'previous_period' || key === 'period') continue;
      visit(child, path === '' ? key : `${path}.${key}`);
    }
  };
  for (const group of [
    'incidents',
    'responses',
    'allegation_outcomes',
    'exchanges',
    'access',
    'commitments',
  ] as const)
    visit(result[group], group);
  return Object.fromEntries(Object.entries(values).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function rowKeyOf(row: unknown): string | undefined {
  if (typeof row !== 'object' || row === null) return undefined;
  if ('party' in row && typeof row.party === 'string') return row.party;
  if ('commitment' in row && typeof row.commitment === 'string')
    return row.commitment.replace(/^sha256:/, '').slice(0, 16);
  if ('id' in row && typeof row.id === 'string') return row.id;
  return undefined;
}

function isMetricCell(node: object): node is { value: number | null; suppressed: boolean } {
  return 'value' in node && 'suppressed' in node && 'previous' in node;
}

/** The calendar period kind (week, month, quarter in UTC) whose period is exactly `[start, end)`, if any. */
export function findReportPeriodKind(period: {
  readonly start: string;
  readonly end: string;
}): PeriodKind | undefined {
  const start = Date.parse(period.start);
  const end = Date.parse(period.end);
  return PERIOD_KINDS.find((kind) => {
    const resolved = resolveMetricPeriod(kind, start);
    return Date.parse(resolved.start) === start && Date.parse(resolved.end) === end;
  });
}

/**
 * The first difference between published report values and the values computed for the report: a key with
 * another value, a key missing, or a key too many. Undefined when they are equal.
 */
export function findReportValueDifference(
  published: Readonly<Record<string, number>>,
  computed: Readonly<Record<string, number>>,
): string | undefined {
  for (const [key, value] of Object.entries(computed)) {
    if (!(key in published)) return `${key} is missing (it is ${value})`;
    if (published[key] !== value) return `${key} is ${published[key]}, but the log gives ${value}`;
  }
  for (const key of Object.keys(published)) {
    if (!(key in computed)) return `${key} is not a value this report's readers are shown`;
  }
  return undefined;
}
