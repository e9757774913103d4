import type { Audience, IncidentReportBody, IncidentStatus } from '@jmm/domain';

/**
 * What the exporters take: the views the query API already gives a reader (apps/server record-views.ts), so an
 * export is never finer than the reader's API. A public reader's views carry no member ids and public records
 * are already at the public precision; the exporters add nothing the views do not hold.
 */

/** One incident as GET /api/v1/incidents/{digest} answers it: the report with amendments applied. */
export interface IncidentView {
  readonly digest: string;
  readonly index: number;
  readonly org: string;
  /** null in public output. */
  readonly member: string | null;
  readonly audience: Audience;
  readonly reported_at: string;
  readonly status: IncidentStatus;
  readonly case_digest: string | null;
  readonly kind: IncidentReportBody['kind'];
  readonly category: IncidentReportBody['category'];
  readonly time: IncidentReportBody['time'];
  readonly location: IncidentReportBody['location'];
  readonly casualties: NonNullable<IncidentReportBody['casualties']> | null;
  readonly alleged_responsible: { readonly actor: string; readonly party: string | null } | null;
  readonly amendments: readonly string[];
  readonly narrative: string;
  readonly evidence: IncidentReportBody['evidence'];
}

/** A case as GET /api/v1/cases lists it (only what the STIX export needs: which incidents it concerns). */
export interface CaseView {
  readonly digest: string;
  readonly subjects: readonly string[];
}

/** A finding as GET /api/v1/findings answers it, with the endorsements the reader may read. */
export interface FindingView {
  readonly digest: string;
  readonly index: number;
  readonly org: string;
  readonly audience: Audience;
  readonly case_digest: string;
  readonly drafted_at: string;
  readonly status: 'draft' | 'final';
  readonly final_at: string | null;
  readonly determination: string;
  readonly attribution: { readonly party: string; readonly degree: string } | null;
  readonly source_reliability: string;
  readonly information_credibility: number;
  readonly confidence: string;
  readonly summary: string;
  readonly endorsements: readonly {
    readonly org: string;
    readonly position: 'concur' | 'dissent';
    readonly counts: boolean;
    readonly text: string | null;
    readonly digest: string;
    /** Log time of the endorsement, when the exporter has it (the API view does not carry it). */
    readonly at?: string;
    /** Audience of the endorsement statement; the finding's is assumed when absent. */
    readonly audience?: Audience;
  }[];
}

/** An organisation as GET /api/v1/mechanism lists it (public: genesis and admissions are public). */
export interface OrgView {
  readonly id: string;
  readonly name: string;
  readonly kind: string;
}
