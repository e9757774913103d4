import { DomainError } from '../domain-error.ts';
import type { MechanismState } from '../mechanism-state.ts';
import type { Statement } from '../statements/statement.ts';
import { computeMetrics } from './compute-metrics.ts';
import type { PeriodKind } from './metric-period.ts';
import { replayMechanismState, type MetricsStatement } from './metrics-context.ts';
import type { MetricsResult } from './metrics-result.ts';

/** Who a periodic report is for (DESIGN.md §6, issue 8): the public, or every member organisation. */
export const REPORT_AUDIENCES = ['public', 'mechanism'] as const;
export type ReportAudience = (typeof REPORT_AUDIENCES)[number];

/**
 * Whether every reader of a report for `audience` may read `statement`: the public reads public statements;
 * every member organisation reads those for the public or the whole mechanism. A statement for named
 * organisations is never counted, not even for a mechanism report: some member may not read it, and a number
 * every member is shown must be one every member can recompute (principle 5).
 */
export function isReadByAudience(statement: Statement, audience: ReportAudience): boolean {
  const kind = statement.audience.kind;
  switch (audience) {
    case 'public':
      return kind === 'public';
    case 'mechanism':
      return kind === 'public' || kind === 'mechanism';
  }
}

/**
 * The metrics a report for `audience` carries, at the checkpoint that closes `statements` (the log's first
 * tree_size statements, every audience, in log order): computed from what every reader of the audience may
 * read, under the settings those statements give, as of the checkpoint's log time (the last statement's: a
 * batch shares one log time). Public reports are in public mode, so cells below the minimum size are
 * suppressed; mechanism reports are not. The one definition that validation of `report.publish`, the auditor
 * (through validation) and the report producers share.
 */
export function computeAudienceMetrics(input: {
  readonly statements: readonly MetricsStatement[];
  readonly audience: ReportAudience;
  readonly periodKind: PeriodKind;
  /** An instant in the period to report; the period holding the checkpoint's log time when absent. */
  readonly periodAt?: string | undefined;
}): MetricsResult {
  const last = input.statements.at(-1);
  if (last === undefined)
    throw new DomainError('invalid_statement', 'a checkpoint covers at least one statement');
  return computeMetrics({
    statements: input.statements.filter(({ statement }) => isReadByAudience(statement, input.audience)),
    periodKind: input.periodKind,
    periodAt: input.periodAt,
    asOf: last.logTime,
    publicMode: input.audience === 'public',
  });
}

/**
 * The mechanism state as every reader of a report for `audience` can rebuild it: the fold of exactly the
 * statements that audience reads (principle 7), as of the checkpoint that closes `statements`. A mechanism
 * report's map and findings come from it, so an amendment only some organisations may read never moves an
 * incident on a map every member is shown.
 */
export function foldAudienceState(
  statements: readonly MetricsStatement[],
  audience: ReportAudience,
): MechanismState {
  const last = statements.at(-1);
  return replayMechanismState(
    statements.filter(({ statement }) => isReadByAudience(statement, audience)),
    last === undefined ? Number.NEGATIVE_INFINITY : Date.parse(last.logTime),
    audience === 'public',
  );
}
