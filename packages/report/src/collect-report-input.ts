import { encodeBase64 } from '@jmm/core';
import {
  computeAudienceMetrics,
  type MechanismState,
  type MetricPeriod,
  type MetricsStatement,
} from '@jmm/domain';
import { collectReportSources } from './collect-report-sources.ts';
import type { ReportAudience, ReportInput, ReportLog } from './report-model.ts';

/** A signed checkpoint of the log, as the engine keeps it. */
export interface ReportSourceCheckpoint {
  readonly treeSize: bigint;
  readonly rootHash: Uint8Array;
  readonly logTime: string;
}

/**
 * A report's whole input for a producer that runs the engine (the demo, the server's report drafts): the
 * audience's metrics at the checkpoint — computeAudienceMetrics, the computation `report.publish` validation
 * runs — and its map and findings (collectReportSources), with the mechanism's name, parties and public
 * precision. `statements` are the log's first `checkpoint.treeSize` statements.
 */
export function collectReportInput(input: {
  readonly statements: readonly MetricsStatement[];
  readonly state: Pick<MechanismState, 'name' | 'origin' | 'orgs' | 'settings'>;
  readonly checkpoint: ReportSourceCheckpoint;
  readonly audience: ReportAudience;
  readonly period: MetricPeriod;
  readonly log: ReportLog;
}): ReportInput {
  const { statements, state, checkpoint, audience, period } = input;
  return {
    mechanismName: state.name ?? state.origin,
    synthetic: state.settings.synthetic,
    audience,
    period,
    checkpoint: {
      tree_size: Number(checkpoint.treeSize),
      root_hash: encodeBase64(checkpoint.rootHash),
      log_time: checkpoint.logTime,
    },
    log: input.log,
    metrics: computeAudienceMetrics({
      statements,
      audience,
      periodKind: period.kind,
      periodAt: period.start,
    }),
    publicLocationPrecisionM: state.settings.public_location_precision_m,
    ...collectReportSources({ statements, audience, period }),
    partyNames: Object.fromEntries([...state.orgs.values()].map((org) => [org.id, org.name])),
  };
}
