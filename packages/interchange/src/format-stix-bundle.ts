import { encodeUtf8, encodeHex, sha256 } from '@jmm/core';
import type { Audience } from '@jmm/domain';
import { ACLED_EVENT_TYPE_LABELS, formatSubEventType } from './acled-labels.ts';
import type { CaseView, FindingView, IncidentView, OrgView } from './export-views.types.ts';
import { deriveStixId } from './stix-id.ts';
import { formatTlpMarking, selectTlpLevel, TLP_2_MARKINGS, type TlpLevel } from './tlp-markings.ts';

/**
 * A STIX 2.1 bundle (OASIS STIX 2.1, §3–§8) of what a reader may read:
 * - one `identity` per organisation (identity_class organization; never a member, DESIGN.md §1.7);
 * - per incident, a `location` (latitude, longitude, precision in metres, admin1 as administrative_area) and a
 *   `report` (report_types `jmm-allegation` or `jmm-observation`, an open vocabulary value, §10.26) created by
 *   the reporting organisation, referring to the location and to the party alleged responsible;
 * - per finding, a `note` (§4.11) on the reports of its case, its confidence on STIX's Low/Med/High scale
 *   (Appendix A: low 15, moderate 50, high 85);
 * - per endorsement of a finding, an `opinion` (§4.12) on that note: concur → agree, dissent → disagree;
 * - the TLP 2.0 `marking-definition`s used, each object marked with its audience's level (tlp-markings.ts).
 * JMM fields with no STIX property travel as `x_jmm_*` custom properties (§11.1), and every object made from a
 * statement names its digest as an external reference (`source_name` jmm). Ids are derived (stix-id.ts), so the
 * output is a pure function of its input.
 */
export interface StixBundleInput {
  readonly incidents: readonly IncidentView[];
  readonly findings?: readonly FindingView[];
  readonly cases?: readonly CaseView[];
  readonly orgs: readonly OrgView[];
  /** The log time the export was taken at: the identities' timestamps, and a changed record's `modified`. */
  readonly asOf: string;
}

type StixObject = Record<string, unknown> & { readonly type: string; readonly id: string };

/** STIX timestamps carry milliseconds (core.json: `created`, `modified`). */
function stixTime(time: string): string {
  return new Date(Date.parse(time)).toISOString();
}

function omitEmpty<T>(name: string, list: readonly T[]): Record<string, readonly T[]> {
  // STIX lists have at least one item (§2.9 "list": an empty list is not allowed).
  return list.length === 0 ? {} : { [name]: list };
}

function statementReference(digest: string) {
  return { external_references: [{ source_name: 'jmm', external_id: digest }] };
}

const CONFIDENCE_SCALE: Readonly<Record<string, number>> = { low: 15, moderate: 50, high: 85 };

export function formatStixBundle(input: StixBundleInput): {
  type: 'bundle';
  id: string;
  objects: StixObject[];
} {
  const levels = new Set<TlpLevel>(['clear']);
  const marking = (audience: Audience) => {
    const level = selectTlpLevel(audience);
    levels.add(level);
    return {
      object_marking_refs: [TLP_2_MARKINGS[level].id],
      ...(audience.kind === 'orgs' ? { x_jmm_audience_orgs: [...audience.orgs] } : {}),
    };
  };
  const identityOf = (org: string) => deriveStixId('identity', `org:${org}`);
  const reportOf = (digest: string) => deriveStixId('report', digest);
  const asOf = stixTime(input.asOf);

  // Organisations are public (their admission is a public statement), so identities are TLP:CLEAR.
  const identities: StixObject[] = input.orgs.map((org) => ({
    type: 'identity',
    spec_version: '2.1',
    id: identityOf(org.id),
    created: asOf,
    modified: asOf,
    name: org.name,
    identity_class: 'organization',
    roles: [org.kind],
    x_jmm_org: org.id,
    object_marking_refs: [TLP_2_MARKINGS.clear.id],
  }));

  const incidentObjects = input.incidents.flatMap((incident): StixObject[] => {
    const created = stixTime(incident.reported_at);
    // An amended record changed after it was reported; the view does not say when, so the export's time is used.
    const modified = incident.amendments.length === 0 ? created : asOf;
    const common = { spec_version: '2.1', created, modified, created_by_ref: identityOf(incident.org) };
    const { location, category } = incident;
    const locationId = deriveStixId('location', incident.digest);
    const party = incident.alleged_responsible?.party ?? null;
    const place = location.admin1 ?? `${location.lat}, ${location.lon}`;
    return [
      {
        type: 'location',
        id: locationId,
        ...common,
        latitude: location.lat,
        longitude: location.lon,
        precision: location.precision_m,
        ...(location.admin1 === undefined ? {} : { administrative_area: location.admin1 }),
        ...(location.admin2 === undefined ? {} : { x_jmm_admin2: location.admin2 }),
        ...(location.sector === undefined ? {} : { x_jmm_sector: location.sector }),
        ...marking(incident.audience),
      },
      {
        type: 'report',
        id: reportOf(incident.digest),
        ...common,
        name: `${incident.kind === 'allegation' ? 'Allegation' : 'Observation'}: ${formatSubEventType(category)} (${category.mechanism_type}), ${place}, ${incident.time.start.slice(0, 10)}`,
        description: incident.narrative,
        published: created,
        report_types: [`jmm-${incident.kind}`],
        labels: [
          category.mechanism_type,
          ACLED_EVENT_TYPE_LABELS[category.event_type],
          formatSubEventType(category),
        ],
        object_refs: [locationId, ...(party === null ? [] : [identityOf(party)])],
        ...statementReference(incident.digest),
        x_jmm_index: incident.index,
        x_jmm_status: incident.status,
        x_jmm_category: category,
        x_jmm_time: incident.time,
        ...(incident.casualties === null ? {} : { x_jmm_casualties: incident.casualties }),
        ...(incident.alleged_responsible === null
          ? {}
          : { x_jmm_alleged_responsible: incident.alleged_responsible }),
        ...(incident.case_digest === null ? {} : { x_jmm_case: incident.case_digest }),
        ...omitEmpty('x_jmm_amendments', incident.amendments),
        ...omitEmpty('x_jmm_evidence', incident.evidence),
        ...marking(incident.audience),
      },
    ];
  });

  const subjectsOfCase = new Map((input.cases ?? []).map((c) => [c.digest, c.subjects] as const));
  const findingObjects = (input.findings ?? []).flatMap((finding): StixObject[] => {
    const noteId = deriveStixId('note', finding.digest);
    const created = stixTime(finding.drafted_at);
    const subjects = (subjectsOfCase.get(finding.case_digest) ?? []).map(reportOf);
    const attribution =
      finding.attribution === null
        ? 'no attribution'
        : `attributed to ${finding.attribution.party} (${finding.attribution.degree.replaceAll('_', ' ')})`;
    const note: StixObject = {
      type: 'note',
      spec_version: '2.1',
      id: noteId,
      created,
      modified: finding.final_at === null ? created : stixTime(finding.final_at),
      created_by_ref: identityOf(finding.org),
      abstract: `Finding (${finding.status}): ${finding.determination.replaceAll('_', ' ')}, ${attribution}`,
      content: finding.summary,
      // A finding of a case none of whose incidents the reader may read is about its own organisation's work.
      object_refs: subjects.length > 0 ? subjects : [identityOf(finding.org)],
      ...(CONFIDENCE_SCALE[finding.confidence] === undefined
        ? {}
        : { confidence: CONFIDENCE_SCALE[finding.confidence] }),
      ...statementReference(finding.digest),
      x_jmm_case: finding.case_digest,
      x_jmm_status: finding.status,
      x_jmm_determination: finding.determination,
      ...(finding.attribution === null ? {} : { x_jmm_attribution: finding.attribution }),
      x_jmm_source_reliability: finding.source_reliability,
      x_jmm_information_credibility: finding.information_credibility,
      ...marking(finding.audience),
    };
    const opinions = finding.endorsements.map((endorsement): StixObject => {
      const at = stixTime(endorsement.at ?? finding.final_at ?? input.asOf);
      return {
        type: 'opinion',
        spec_version: '2.1',
        id: deriveStixId('opinion', endorsement.digest),
        created: at,
        modified: at,
        created_by_ref: identityOf(endorsement.org),
        opinion: endorsement.position === 'concur' ? 'agree' : 'disagree',
        ...(endorsement.text === null ? {} : { explanation: endorsement.text }),
        object_refs: [noteId],
        ...statementReference(endorsement.digest),
        x_jmm_position: endorsement.position,
        x_jmm_counts_toward_quorum: endorsement.counts,
        ...marking(endorsement.audience ?? finding.audience),
      };
    });
    return [note, ...opinions];
  });

  const markings = [...levels].sort().map(formatTlpMarking);
  const objects: StixObject[] = [...markings, ...identities, ...incidentObjects, ...findingObjects];
  // The bundle's id names its content: the same objects give the same bundle id.
  const contentKey = encodeHex(sha256(encodeUtf8(objects.map((o) => o.id).join('\n'))));
  return { type: 'bundle', id: deriveStixId('bundle', contentKey), objects };
}
