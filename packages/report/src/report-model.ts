import type { MechanismType, MetricsResult, PeriodKind } from '@jmm/domain';

/** Who may read a report: anyone (public statements only, small cells hidden), or the mechanism's members. */
export type ReportAudience = 'public' | 'mechanism';

/** An incident as a report maps it: for a public report, already at the public precision. */
export interface ReportIncident {
  readonly lat: number;
  readonly lon: number;
  readonly admin1?: string | undefined;
  readonly category: MechanismType;
}

/** A finding (or a public release summarising one) released in the period. */
export interface ReportFinding {
  /** Digest of the statement that released it, so a reader finds it in the log. */
  readonly digest: string;
  /** Log time of the release, RFC 3339 UTC. */
  readonly released_at: string;
  readonly title: string;
  readonly summary: string;
  readonly determination?: string | undefined;
  readonly admin1?: readonly string[] | undefined;
}

export interface ReportCheckpoint {
  readonly tree_size: number;
  /** Base64 root hash, as in the checkpoint note. */
  readonly root_hash: string;
  /** Log time of the checkpoint, RFC 3339 UTC. */
  readonly log_time: string;
}

/** How a reader reaches the log to verify the report (`jmm verify`, DESIGN.md §7). */
export interface ReportLog {
  readonly origin: string;
  /** The mechanism's URL; shown as a placeholder when absent. */
  readonly url?: string | undefined;
  /** The log's C2SP verifier key; shown as a placeholder when absent. */
  readonly verifier_key?: string | undefined;
}

export interface ReportInput {
  readonly mechanismName: string;
  readonly synthetic: boolean;
  readonly audience: ReportAudience;
  readonly period: { readonly kind: PeriodKind; readonly start: string; readonly end: string };
  readonly checkpoint: ReportCheckpoint;
  readonly log: ReportLog;
  /** The metrics for this audience at the checkpoint (public mode for a public report). */
  readonly metrics: MetricsResult;
  /** The public grid in metres (settings.public_location_precision_m): a public report's map never goes finer. */
  readonly publicLocationPrecisionM: number;
  readonly incidents: readonly ReportIncident[];
  readonly findings: readonly ReportFinding[];
  /** Display names of the parties (org id → name); the id is shown when absent. */
  readonly partyNames?: Readonly<Record<string, string>> | undefined;
}

/** One table cell as shown. A cell holding a published value names its key in `report.publish` and the value. */
export interface ReportCell {
  readonly text: string;
  readonly key?: string;
  readonly value?: number;
}

export interface ReportTable {
  readonly id: string;
  readonly caption: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly ReportCell[])[];
  readonly note?: string;
}

export interface ReportSection {
  readonly id: string;
  readonly heading: string;
  readonly intro: string;
  readonly tables: readonly ReportTable[];
}

/** A bar chart's data: one bar per category and series; null draws no bar (suppressed or undefined). */
export interface ReportChart {
  readonly id: string;
  readonly title: string;
  readonly unit: 'count' | 'percent';
  readonly categories: readonly string[];
  readonly series: readonly { readonly name: string; readonly values: readonly (number | null)[] }[];
}

export interface ReportMap {
  readonly caption: string;
  readonly incidents: readonly ReportIncident[];
}

/**
 * Everything a rendered report shows, decided once so that the HTML and the PDF say the same thing: the
 * renderers only lay it out. JSON-friendly and deterministic (a pure function of the input).
 */
export interface ReportModel {
  readonly title: string;
  readonly mechanism_name: string;
  readonly synthetic: boolean;
  readonly audience: ReportAudience;
  readonly period: {
    readonly kind: PeriodKind;
    readonly start: string;
    readonly end: string;
    readonly label: string;
    readonly previous_label: string;
    readonly complete: boolean;
  };
  readonly checkpoint: ReportCheckpoint;
  readonly verification: readonly string[];
  readonly verify_command: string;
  readonly min_cell_size: number | null;
  readonly summary: readonly string[];
  readonly charts: readonly ReportChart[];
  readonly map: ReportMap;
  readonly sections: readonly ReportSection[];
  readonly findings: readonly ReportFinding[];
  /** The values `report.publish` carries (listReportValues), key order. */
  readonly values: Readonly<Record<string, number>>;
}
