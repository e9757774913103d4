import {
  ACLED_EVENT_TYPES,
  ATTRIBUTION_DEGREES,
  DETERMINATIONS,
  EXCHANGE_PRIORITIES,
  FINDING_METHODS,
  INDICATOR_METRICS,
  INFORMATION_CREDIBILITY,
  MECHANISM_TYPES,
  REPLY_OUTCOMES,
  RESPONSE_POSITIONS,
  ROLES,
  SOURCE_RELIABILITY,
  TAXONOMY_VERSION,
  type StatementType,
} from '@jmm/domain';
import {
  compact,
  evidenceOf,
  jsonOf,
  list,
  locationOf,
  membersOf,
  numberOf,
  reportDraftOf,
  text,
  timestamp,
  type FormSpec,
  type FormValues,
} from './form-fields.ts';

/**
 * Statement types a member signs in a form. `mechanism.genesis` is written by `jmm init`, never by a member in
 * a browser. `report.publish` carries computed values and its rendered documents' digests: its form has the
 * server prepare them from the log (POST /api/v1/reports/drafts, as `jmm report` does) and only shows them.
 */
export type FormType = Exclude<StatementType, 'mechanism.genesis'>;

const SUB_EVENT_TYPES = Object.values(ACLED_EVENT_TYPES).flat();
const ACTION_TARGETS = ['group', 'site', 'individuals', 'other'];

function estimate(values: FormValues, prefix: string) {
  const best = numberOf(values, `${prefix}_best`);
  if (best === undefined) return undefined;
  return {
    best,
    low: numberOf(values, `${prefix}_low`) ?? best,
    high: numberOf(values, `${prefix}_high`) ?? best,
  };
}

function claimedAction(values: FormValues) {
  const description = text(values, 'action_description');
  if (description === undefined) return undefined;
  return compact({
    description,
    against: text(values, 'action_against') ?? 'other',
    taken_at: timestamp(values, 'action_taken_at'),
  });
}

const actionFields = [
  { kind: 'textarea', name: 'action_description', label: 'form.action.description', optional: true },
  {
    kind: 'select',
    name: 'action_against',
    label: 'form.action.against',
    options: ACTION_TARGETS,
    optional: true,
  },
  { kind: 'datetime', name: 'action_taken_at', label: 'form.action.takenAt', optional: true },
] as const;

/** Public precision (metres) of a point picked on the map: the reporter's own estimate of their accuracy. */
const DEFAULT_PRECISION_M = '1000';

/**
 * One form per statement type a member may sign (STYLE.md habit 14: the compiler demands every type). Each
 * form's audiences are among those the domain allows its type (AUDIENCE_RULES; form-specs.test.ts checks it):
 * membership and rule changes are public, profiles never.
 */
export const FORM_SPECS = {
  'incident.report': {
    title: 'form.incident.report.title',
    refs: [],
    audiences: ['mechanism', 'public', 'orgs'],
    defaultAudience: 'mechanism',
    initial: {
      kind: 'allegation',
      time_precision: 'exact',
      precision_m: DEFAULT_PRECISION_M,
      event_type: 'explosions_remote_violence',
      sub_event_type: 'shelling_artillery_missile_attack',
      mechanism_type: 'cross_border_fire',
    },
    fields: [
      { kind: 'select', name: 'kind', label: 'form.incident.kind', options: ['allegation', 'observation'] },
      {
        kind: 'select',
        name: 'mechanism_type',
        label: 'form.incident.mechanismType',
        options: MECHANISM_TYPES,
      },
      {
        kind: 'select',
        name: 'event_type',
        label: 'form.incident.eventType',
        options: Object.keys(ACLED_EVENT_TYPES),
      },
      {
        kind: 'select',
        name: 'sub_event_type',
        label: 'form.incident.subEventType',
        options: SUB_EVENT_TYPES,
      },
      { kind: 'datetime', name: 'time_start', label: 'form.incident.timeStart' },
      { kind: 'datetime', name: 'time_end', label: 'form.incident.timeEnd', optional: true },
      {
        kind: 'select',
        name: 'time_precision',
        label: 'form.incident.timePrecision',
        options: ['exact', 'day', 'week', 'month'],
      },
      { kind: 'location', name: 'location', label: 'form.incident.location' },
      { kind: 'number', name: 'precision_m', label: 'form.incident.precision', min: 1, max: 500_000 },
      { kind: 'org', name: 'party', label: 'form.incident.party', orgKinds: ['party'], optional: true },
      { kind: 'text', name: 'actor', label: 'form.incident.actor', optional: true, max: 200 },
      {
        kind: 'number',
        name: 'killed_best',
        label: 'form.incident.killed',
        min: 0,
        max: 100_000,
        optional: true,
      },
      {
        kind: 'number',
        name: 'injured_best',
        label: 'form.incident.injured',
        min: 0,
        max: 100_000,
        optional: true,
      },
      { kind: 'textarea', name: 'narrative', label: 'form.incident.narrative' },
      { kind: 'evidence', name: 'evidence', label: 'form.evidence' },
    ],
    toBody: (values) => {
      const location = locationOf(values, 'location');
      const start = timestamp(values, 'time_start');
      const party = text(values, 'party');
      const actor = text(values, 'actor');
      const killed = estimate(values, 'killed');
      const injured = estimate(values, 'injured');
      return compact({
        kind: text(values, 'kind'),
        category: {
          taxonomy: TAXONOMY_VERSION,
          mechanism_type: text(values, 'mechanism_type'),
          event_type: text(values, 'event_type'),
          sub_event_type: text(values, 'sub_event_type') ?? '',
        },
        time: {
          start,
          end: timestamp(values, 'time_end') ?? start,
          precision: text(values, 'time_precision'),
        },
        location:
          location === undefined
            ? undefined
            : compact({
                lat: location.lat,
                lon: location.lon,
                precision_m: numberOf(values, 'precision_m'),
                admin1: location.admin1,
              }),
        casualties:
          killed === undefined && injured === undefined
            ? undefined
            : compact({ killed: killed ?? { best: 0, low: 0, high: 0 }, injured }),
        alleged_responsible:
          party === undefined && actor === undefined
            ? undefined
            : compact({ actor: actor ?? party ?? '', party }),
        narrative: text(values, 'narrative'),
        evidence: evidenceOf(values, 'evidence'),
      });
    },
  },
  'incident.amend': {
    title: 'form.incident.amend.title',
    refs: ['amends'],
    audiences: ['mechanism', 'public', 'orgs'],
    defaultAudience: 'mechanism',
    fields: [
      { kind: 'json', name: 'patch', label: 'form.amend.patch', placeholder: '{ "narrative": "…" }' },
      { kind: 'text', name: 'reason', label: 'form.reason', max: 200 },
    ],
    toBody: (values) => compact({ patch: jsonOf(values, 'patch'), reason: text(values, 'reason') }),
  },
  'incident.withdraw': {
    title: 'form.incident.withdraw.title',
    refs: ['withdraws'],
    audiences: ['mechanism', 'public', 'orgs'],
    defaultAudience: 'mechanism',
    fields: [{ kind: 'text', name: 'reason', label: 'form.reason', max: 200 }],
    toBody: (values) => compact({ reason: text(values, 'reason') }),
  },
  'incident.response': {
    title: 'form.incident.response.title',
    refs: ['responds_to'],
    audiences: ['mechanism', 'public', 'orgs'],
    defaultAudience: 'mechanism',
    initial: { position: 'dispute' },
    fields: [
      { kind: 'select', name: 'position', label: 'form.response.position', options: RESPONSE_POSITIONS },
      { kind: 'textarea', name: 'narrative', label: 'form.response.narrative' },
      ...actionFields,
      { kind: 'evidence', name: 'evidence', label: 'form.evidence' },
    ],
    toBody: (values) =>
      compact({
        position: text(values, 'position'),
        narrative: text(values, 'narrative'),
        evidence: evidenceOf(values, 'evidence'),
        action: claimedAction(values),
      }),
  },
  'exchange.request': {
    title: 'form.exchange.request.title',
    refs: [],
    audiences: ['orgs', 'mechanism'],
    defaultAudience: 'orgs',
    initial: { kind: 'information', priority: 'routine' },
    fields: [
      {
        kind: 'select',
        name: 'kind',
        label: 'form.exchange.kind',
        options: ['information', 'action', 'notification'],
      },
      { kind: 'select', name: 'priority', label: 'form.exchange.priority', options: EXCHANGE_PRIORITIES },
      { kind: 'orgs', name: 'recipients', label: 'form.exchange.recipients' },
      { kind: 'text', name: 'subject', label: 'form.exchange.subject', max: 200 },
      { kind: 'textarea', name: 'text', label: 'form.text' },
      { kind: 'datetime', name: 'acknowledge_by', label: 'form.exchange.acknowledgeBy', optional: true },
      { kind: 'datetime', name: 'respond_by', label: 'form.exchange.respondBy', optional: true },
    ],
    toBody: (values) =>
      compact({
        kind: text(values, 'kind'),
        priority: text(values, 'priority'),
        recipients: list(values, 'recipients'),
        subject: text(values, 'subject'),
        text: text(values, 'text'),
        acknowledge_by: timestamp(values, 'acknowledge_by'),
        respond_by: timestamp(values, 'respond_by'),
      }),
  },
  'exchange.ack': {
    title: 'form.exchange.ack.title',
    refs: ['responds_to'],
    audiences: ['orgs', 'mechanism'],
    defaultAudience: 'orgs',
    fields: [{ kind: 'text', name: 'note', label: 'form.note', optional: true, max: 2000 }],
    toBody: (values) => compact({ note: text(values, 'note') }),
  },
  'exchange.reply': {
    title: 'form.exchange.reply.title',
    refs: ['responds_to'],
    audiences: ['orgs', 'mechanism'],
    defaultAudience: 'orgs',
    initial: { outcome: 'information_provided' },
    fields: [
      { kind: 'select', name: 'outcome', label: 'form.exchange.outcome', options: REPLY_OUTCOMES },
      { kind: 'textarea', name: 'text', label: 'form.text' },
      ...actionFields,
      { kind: 'evidence', name: 'evidence', label: 'form.evidence' },
    ],
    toBody: (values) =>
      compact({
        outcome: text(values, 'outcome'),
        text: text(values, 'text'),
        evidence: evidenceOf(values, 'evidence'),
        action: claimedAction(values),
      }),
  },
  'exchange.close': {
    title: 'form.exchange.close.title',
    refs: ['responds_to'],
    audiences: ['orgs', 'mechanism'],
    defaultAudience: 'orgs',
    initial: { satisfied: true },
    fields: [
      { kind: 'checkbox', name: 'satisfied', label: 'form.exchange.satisfied' },
      { kind: 'text', name: 'note', label: 'form.note', optional: true, max: 200 },
    ],
    toBody: (values) => compact({ satisfied: values.satisfied === true, note: text(values, 'note') }),
  },
  'case.open': {
    title: 'form.case.open.title',
    refs: ['subject'],
    audiences: ['mechanism', 'public', 'orgs'],
    defaultAudience: 'mechanism',
    initial: { decision: 'admit' },
    fields: [
      { kind: 'select', name: 'decision', label: 'form.case.decision', options: ['admit', 'decline'] },
      { kind: 'textarea', name: 'reason', label: 'form.case.reason' },
      { kind: 'members', name: 'analysts', label: 'form.case.analysts', optional: true },
      { kind: 'members', name: 'observers', label: 'form.case.observers', optional: true },
      { kind: 'datetime', name: 'mission_by', label: 'form.case.missionBy', optional: true },
      { kind: 'datetime', name: 'finding_by', label: 'form.case.findingBy', optional: true },
    ],
    toBody: (values) =>
      text(values, 'decision') === 'decline'
        ? { decision: 'decline', reason: text(values, 'reason') }
        : compact({
            decision: 'admit',
            reason: text(values, 'reason'),
            team: { analysts: membersOf(values, 'analysts'), observers: membersOf(values, 'observers') },
            mission_by: timestamp(values, 'mission_by'),
            finding_by: timestamp(values, 'finding_by'),
          }),
  },
  'case.note': {
    title: 'form.case.note.title',
    refs: ['subject'],
    audiences: ['orgs', 'mechanism'],
    defaultAudience: 'mechanism',
    fields: [
      { kind: 'textarea', name: 'text', label: 'form.text' },
      { kind: 'evidence', name: 'evidence', label: 'form.evidence' },
    ],
    toBody: (values) => compact({ text: text(values, 'text'), evidence: evidenceOf(values, 'evidence') }),
  },
  'case.access_denied': {
    title: 'form.case.accessDenied.title',
    refs: ['subject'],
    audiences: ['mechanism', 'public', 'orgs'],
    defaultAudience: 'mechanism',
    initial: { kind: 'denied' },
    fields: [
      { kind: 'org', name: 'party', label: 'form.accessDenied.party', orgKinds: ['party'] },
      { kind: 'select', name: 'kind', label: 'form.accessDenied.kind', options: ['denied', 'delayed'] },
      { kind: 'datetime', name: 'occurred_at', label: 'form.accessDenied.occurredAt' },
      {
        kind: 'number',
        name: 'delay_hours',
        label: 'form.accessDenied.delayHours',
        min: 1,
        max: 24 * 365,
        optional: true,
      },
      { kind: 'textarea', name: 'text', label: 'form.text' },
    ],
    toBody: (values) =>
      compact({
        party: text(values, 'party'),
        kind: text(values, 'kind'),
        occurred_at: timestamp(values, 'occurred_at'),
        delay_hours: numberOf(values, 'delay_hours'),
        text: text(values, 'text'),
      }),
  },
  'case.finding': {
    title: 'form.case.finding.title',
    refs: ['subject'],
    audiences: ['mechanism', 'orgs'],
    defaultAudience: 'mechanism',
    initial: {
      determination: 'confirmed',
      source_reliability: 'B',
      information_credibility: '2',
      confidence: 'moderate',
      methods: ['site_visit'],
    },
    fields: [
      { kind: 'select', name: 'determination', label: 'form.finding.determination', options: DETERMINATIONS },
      {
        kind: 'org',
        name: 'attribution_party',
        label: 'form.finding.attributionParty',
        orgKinds: ['party'],
        optional: true,
      },
      {
        kind: 'select',
        name: 'attribution_degree',
        label: 'form.finding.attributionDegree',
        options: ATTRIBUTION_DEGREES,
        optional: true,
      },
      {
        kind: 'select',
        name: 'source_reliability',
        label: 'form.finding.sourceReliability',
        options: SOURCE_RELIABILITY,
      },
      {
        kind: 'select',
        name: 'information_credibility',
        label: 'form.finding.informationCredibility',
        options: INFORMATION_CREDIBILITY,
      },
      {
        kind: 'select',
        name: 'confidence',
        label: 'form.finding.confidence',
        options: ['low', 'moderate', 'high'],
      },
      { kind: 'multi', name: 'methods', label: 'form.finding.methods', options: FINDING_METHODS },
      { kind: 'textarea', name: 'summary', label: 'form.finding.summary' },
      { kind: 'evidence', name: 'evidence', label: 'form.evidence' },
    ],
    toBody: (values) => {
      const party = text(values, 'attribution_party');
      return compact({
        determination: text(values, 'determination'),
        attribution:
          party === undefined
            ? undefined
            : { party, degree: text(values, 'attribution_degree') ?? 'attributable' },
        source_reliability: text(values, 'source_reliability'),
        information_credibility: numberOf(values, 'information_credibility'),
        confidence: text(values, 'confidence'),
        methods: list(values, 'methods'),
        summary: text(values, 'summary'),
        evidence: evidenceOf(values, 'evidence'),
      });
    },
  },
  endorse: {
    title: 'form.endorse.title',
    refs: ['endorses'],
    audiences: ['mechanism', 'public', 'orgs'],
    defaultAudience: 'mechanism',
    initial: { position: 'concur' },
    fields: [
      { kind: 'select', name: 'position', label: 'form.endorse.position', options: ['concur', 'dissent'] },
      { kind: 'textarea', name: 'text', label: 'form.endorse.text', optional: true },
    ],
    toBody: (values) => compact({ position: text(values, 'position'), text: text(values, 'text') }),
  },
  'commitment.propose': {
    title: 'form.commitment.propose.title',
    refs: [],
    audiences: ['mechanism', 'public'],
    defaultAudience: 'mechanism',
    fields: [
      { kind: 'text', name: 'title', label: 'form.commitment.title', max: 200 },
      { kind: 'textarea', name: 'text', label: 'form.text' },
      { kind: 'orgs', name: 'obligated', label: 'form.commitment.obligated', orgKinds: ['party'] },
      { kind: 'datetime', name: 'effective_from', label: 'form.commitment.effectiveFrom' },
      { kind: 'datetime', name: 'effective_to', label: 'form.commitment.effectiveTo', optional: true },
      {
        kind: 'json',
        name: 'indicators',
        label: 'form.commitment.indicators',
        placeholder: `[{ "id": "ack-on-time", "kind": "computed", "name": "…", "metric": "${INDICATOR_METRICS[0]}", "comparator": "at_least", "threshold": 0.8, "period": "month" }]`,
      },
    ],
    toBody: (values) =>
      compact({
        title: text(values, 'title'),
        text: text(values, 'text'),
        obligated: list(values, 'obligated'),
        effective_from: timestamp(values, 'effective_from'),
        effective_to: timestamp(values, 'effective_to'),
        indicators: jsonOf(values, 'indicators'),
      }),
  },
  'commitment.accept': {
    title: 'form.commitment.accept.title',
    refs: ['responds_to'],
    audiences: ['mechanism', 'public'],
    defaultAudience: 'mechanism',
    fields: [{ kind: 'text', name: 'note', label: 'form.note', optional: true, max: 200 }],
    toBody: (values) => compact({ note: text(values, 'note') }),
  },
  'commitment.withdraw': {
    title: 'form.commitment.withdraw.title',
    refs: ['withdraws'],
    audiences: ['mechanism', 'public'],
    defaultAudience: 'mechanism',
    fields: [{ kind: 'text', name: 'reason', label: 'form.reason', max: 200 }],
    toBody: (values) => compact({ reason: text(values, 'reason') }),
  },
  'indicator.assessment': {
    title: 'form.indicator.assessment.title',
    refs: ['subject'],
    audiences: ['mechanism', 'public'],
    defaultAudience: 'mechanism',
    initial: { status: 'met' },
    fields: [
      { kind: 'text', name: 'indicator', label: 'form.assessment.indicator', max: 32 },
      { kind: 'datetime', name: 'period_start', label: 'form.period.start' },
      { kind: 'datetime', name: 'period_end', label: 'form.period.end' },
      {
        kind: 'select',
        name: 'status',
        label: 'form.assessment.status',
        options: ['met', 'partly_met', 'not_met', 'not_assessable'],
      },
      { kind: 'textarea', name: 'rationale', label: 'form.assessment.rationale' },
    ],
    toBody: (values) =>
      compact({
        indicator: text(values, 'indicator'),
        period: { start: timestamp(values, 'period_start'), end: timestamp(values, 'period_end') },
        status: text(values, 'status'),
        rationale: text(values, 'rationale'),
      }),
  },
  release: {
    title: 'form.release.title',
    refs: ['summarises'],
    audiences: ['public'],
    defaultAudience: 'public',
    fields: [
      { kind: 'text', name: 'title', label: 'form.release.titleField', max: 200 },
      { kind: 'textarea', name: 'summary', label: 'form.release.summary' },
      { kind: 'datetime', name: 'period_start', label: 'form.period.start', optional: true },
      { kind: 'datetime', name: 'period_end', label: 'form.period.end', optional: true },
    ],
    toBody: (values) => {
      const start = timestamp(values, 'period_start');
      const end = timestamp(values, 'period_end');
      return compact({
        title: text(values, 'title'),
        summary: text(values, 'summary'),
        period: start === undefined && end === undefined ? undefined : { start, end },
      });
    },
  },
  'org.admit': {
    title: 'form.org.admit.title',
    refs: [],
    audiences: ['public'],
    defaultAudience: 'public',
    fields: [
      {
        kind: 'json',
        name: 'org',
        label: 'form.org.definition',
        placeholder:
          '{ "id": "obs", "name": "…", "kind": "observer", "admins": [{ "member": "admin", "display_name": "…", "roles": ["admin"], "public_key": "…" }] }',
      },
      { kind: 'text', name: 'reason', label: 'form.reason', max: 200 },
    ],
    toBody: (values) => compact({ org: jsonOf(values, 'org'), reason: text(values, 'reason') }),
  },
  'settings.change': {
    title: 'form.settings.change.title',
    refs: [],
    audiences: ['public'],
    defaultAudience: 'public',
    fields: [
      {
        kind: 'json',
        name: 'patch',
        label: 'form.settings.patch',
        placeholder: '{ "offline_window_hours": 48 }',
      },
      { kind: 'text', name: 'reason', label: 'form.reason', max: 200 },
    ],
    toBody: (values) => compact({ patch: jsonOf(values, 'patch'), reason: text(values, 'reason') }),
  },
  'member.enroll': {
    title: 'form.member.enroll.title',
    refs: [],
    audiences: ['public'],
    defaultAudience: 'public',
    initial: { roles: ['reporter'] },
    fields: [
      { kind: 'text', name: 'member', label: 'field.member', max: 64 },
      { kind: 'text', name: 'display_name', label: 'form.member.displayName', max: 200 },
      { kind: 'multi', name: 'roles', label: 'form.member.roles', options: [...ROLES] },
      { kind: 'text', name: 'public_key', label: 'field.publicKey', max: 100 },
    ],
    toBody: (values) =>
      compact({
        member: text(values, 'member'),
        display_name: text(values, 'display_name'),
        roles: list(values, 'roles'),
        public_key: text(values, 'public_key'),
      }),
  },
  // A personal name, if any, goes here and never in the public enrolment (AUDIENCE_RULES, issue 11).
  'member.profile': {
    title: 'form.member.profile.title',
    refs: [],
    audiences: ['mechanism', 'orgs'],
    defaultAudience: 'mechanism',
    fields: [
      { kind: 'text', name: 'member', label: 'field.member', max: 64 },
      { kind: 'text', name: 'display_name', label: 'form.member.profileName', max: 200 },
    ],
    toBody: (values) =>
      compact({ member: text(values, 'member'), display_name: text(values, 'display_name') }),
  },
  'member.revoke': {
    title: 'form.member.revoke.title',
    refs: [],
    audiences: ['public'],
    defaultAudience: 'public',
    fields: [
      { kind: 'text', name: 'member', label: 'field.member', max: 64 },
      { kind: 'text', name: 'key_id', label: 'field.keyId', optional: true, max: 64 },
      { kind: 'text', name: 'reason', label: 'form.reason', max: 200 },
    ],
    toBody: (values) =>
      compact({
        member: text(values, 'member'),
        key_id: text(values, 'key_id'),
        reason: text(values, 'reason'),
      }),
  },
  // The values are the log's, not the member's: the report as drafted is signed unchanged (issue 8).
  'report.publish': {
    title: 'form.report.publish.title',
    refs: [],
    audiences: ['public', 'mechanism'],
    defaultAudience: 'public',
    fields: [{ kind: 'report', name: 'report', label: 'form.report.draft' }],
    audienceOf: (values) => reportDraftOf(values, 'report')?.audience,
    toBody: (values) => reportDraftOf(values, 'report')?.body,
  },
} satisfies Record<FormType, FormSpec>;

export function isFormType(type: string): type is FormType {
  return Object.hasOwn(FORM_SPECS, type);
}
