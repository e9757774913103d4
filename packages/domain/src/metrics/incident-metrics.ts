import { MECHANISM_TYPES, type MechanismType } from '../taxonomy.ts';
import { countMeasure, suppressRow, toMetricCell, type MetricCell } from './metric-cell.ts';
import type { MetricDefinitions } from './metric-group.ts';
import { isInPeriod, type PeriodRange } from './metric-period.ts';
import type { AllegationFacts, MetricsContext } from './metrics-context.ts';

/** The incident metrics' one-line definitions (each row has a total and one count per mechanism category). */
export const INCIDENT_METRICS = {
  alleged_by: 'Allegations (not withdrawn) each party reported in the period, by the log time of the report',
  alleged_against: 'Allegations (not withdrawn) naming each party as responsible, reported in the period',
} as const satisfies MetricDefinitions;

/** Allegations by or against one party in a period, per mechanism category. */
export interface AllegationCountRow {
  readonly party: string;
  readonly total: MetricCell;
  readonly by_category: Readonly<Record<MechanismType, MetricCell>>;
}

export interface IncidentMetrics {
  /** Allegations the party reported, by the log time of the report. */
  readonly alleged_by: AllegationCountRow[];
  /** Allegations naming the party as responsible (after amendments), by the log time of the report. */
  readonly alleged_against: AllegationCountRow[];
}

/** Allegations (not withdrawn) reported in `range` that `select` keeps, per category. */
export function countAllegationsByCategory(
  context: MetricsContext,
  range: PeriodRange,
  select: (allegation: AllegationFacts) => boolean,
): Record<MechanismType, number> {
  const counts = Object.fromEntries(MECHANISM_TYPES.map((type) => [type, 0])) as Record<
    MechanismType,
    number
  >;
  for (const allegation of context.allegations) {
    if (isInPeriod(range, allegation.reportedAt) && select(allegation)) counts[allegation.category] += 1;
  }
  return counts;
}

function countRow(
  context: MetricsContext,
  party: string,
  current: Record<MechanismType, number>,
  previous: Record<MechanismType, number>,
): AllegationCountRow {
  const sum = (counts: Record<MechanismType, number>) =>
    MECHANISM_TYPES.reduce((n, type) => n + counts[type], 0);
  const currentCounts = MECHANISM_TYPES.map((type) => current[type]);
  const previousCounts = MECHANISM_TYPES.map((type) => previous[type]);
  const hideCurrent = suppressRow(currentCounts, context.disclosure);
  const hidePrevious = suppressRow(previousCounts, context.disclosure);
  const byCategory = Object.fromEntries(
    MECHANISM_TYPES.map((type, i) => [
      type,
      toMetricCell(countMeasure(currentCounts[i]!), countMeasure(previousCounts[i]!), context.disclosure, {
        current: hideCurrent[i]!,
        previous: hidePrevious[i]!,
      }),
    ]),
  ) as Record<MechanismType, MetricCell>;
  return {
    party,
    total: toMetricCell(countMeasure(sum(current)), countMeasure(sum(previous)), context.disclosure),
    by_category: byCategory,
  };
}

/** Incidents alleged by and against each party, by mechanism category (DESIGN.md §6). */
export function computeIncidentMetrics(
  context: MetricsContext,
  current: PeriodRange,
  previous: PeriodRange,
): IncidentMetrics {
  const rows = (select: (party: string) => (allegation: AllegationFacts) => boolean) =>
    context.parties.map((party) =>
      countRow(
        context,
        party,
        countAllegationsByCategory(context, current, select(party)),
        countAllegationsByCategory(context, previous, select(party)),
      ),
    );
  return {
    alleged_by: rows((party) => (allegation) => allegation.by === party),
    alleged_against: rows((party) => (allegation) => allegation.against === party),
  };
}
