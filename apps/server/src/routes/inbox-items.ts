import {
  canOrgRead,
  computeResponseDeadline,
  ENDORSEMENT_RULES,
  listExchangeObligations,
  satisfiesRule,
  STATEMENT_RULES,
  type Audience,
  type CaseRecord,
  type IncidentRecord,
  type Statement,
  type StatementType,
} from '@jmm/domain';
import {
  MAX_RECORDS_PER_PAGE,
  type RecordOfKind,
  type RecordQuery,
  type WorkflowKind,
  type WorkflowRepository,
} from '@jmm/storage';
import type { AppServices } from '../app-services.ts';
import type { Principal } from '../auth/auth-plugin.ts';
import { decodeStoredStatement, readerSettings } from './record-reads.ts';

/** Something a member's organisation or role owes, and the statement that would settle it. */
export interface InboxItem {
  /** The statement type to issue: `exchange.ack`, `exchange.reply`, `incident.response`, `case.finding`, … */
  readonly action: StatementType;
  /** The statement to refer to (the record's digest, or a pending rule change's). */
  readonly digest: string;
  readonly subjectType: StatementType;
  /** An exchange's subject or a commitment's title; other records have no short title. */
  readonly subject: string | undefined;
  readonly deadline: string | undefined;
  /** Log time since when it has been owed. */
  readonly since: string;
  readonly overdue: boolean;
  readonly audience: Audience;
}

/** Records read per category at most: an inbox is a work list, not an archive; the oldest come first. */
const MAX_RECORDS_PER_CATEGORY = 1000;

async function listAll<K extends WorkflowKind>(
  workflow: WorkflowRepository,
  kind: K,
  query: Pick<RecordQuery<K>, 'reader' | 'filter'>,
): Promise<RecordOfKind<K>[]> {
  const records: RecordOfKind<K>[] = [];
  let cursor: string | undefined;
  do {
    const page = await workflow.listRecords(kind, {
      ...query,
      sort: 'oldest',
      limit: MAX_RECORDS_PER_PAGE,
      cursor,
    });
    records.push(...page.records);
    cursor = page.nextCursor;
  } while (cursor !== undefined && records.length < MAX_RECORDS_PER_CATEGORY);
  return records;
}

/** A line naming an incident for a list: its category, province and day (no member, nothing finer). */
export function summariseIncident(record: IncidentRecord): string {
  const { category, location, time } = record.body;
  const what = category.mechanism_type.replaceAll('_', ' ');
  const where = location.admin1 ?? `${location.lat.toFixed(1)}, ${location.lon.toFixed(1)}`;
  return `${what.charAt(0).toUpperCase()}${what.slice(1)} in ${where}, ${time.start.slice(0, 10)}`;
}

/** A case is named after its first subject the reader may read (an allegation, or a claimed action). */
async function summariseCase(
  workflow: AppServices['workflow'],
  kase: CaseRecord,
  reader: string,
): Promise<string | undefined> {
  for (const digest of kase.subjects) {
    const subject = await workflow.findRecord(digest, reader);
    if (subject?.kind === 'incident') return `Case on: ${summariseIncident(subject)}`;
    if (subject?.kind === 'claim') return 'Case on a claimed action';
  }
  return undefined;
}

/** The title a release states, read from its envelope. */
function titleOf(envelope: Uint8Array | undefined): string | undefined {
  if (envelope === undefined) return undefined;
  const statement = decodeStoredStatement(envelope);
  return statement.type === 'release' ? statement.body.title : undefined;
}

function summarisePendingChange(statement: Statement): string | undefined {
  if (statement.type === 'org.admit') return `Admit ${statement.body.org.name} (${statement.body.org.kind})`;
  if (statement.type === 'settings.change')
    return `Change settings: ${Object.keys(statement.body.patch).join(', ')}`;
  return undefined;
}

function isPast(deadline: string | undefined, now: string): boolean {
  return deadline !== undefined && Date.parse(now) > Date.parse(deadline);
}

/** Deadlines first, the nearest (or most overdue) first; then what has waited longest. */
function compareItems(a: InboxItem, b: InboxItem): number {
  const deadline = (item: InboxItem) =>
    item.deadline === undefined ? Number.POSITIVE_INFINITY : Date.parse(item.deadline);
  return (
    deadline(a) - deadline(b) ||
    Date.parse(a.since) - Date.parse(b.since) ||
    (a.digest < b.digest ? -1 : a.digest > b.digest ? 1 : 0)
  );
}

/**
 * What is due from `principal` at log time `now` (DESIGN.md §7 "inbox"): acknowledgements and replies its
 * organisation owes on exchanges; responses to allegations against its party nobody has answered yet; a
 * finding for each open case whose team it is an analyst of; its endorsement of its verification team's draft
 * findings (approvers); acceptance of commitments proposed to its party; and its party's position on pending
 * rule changes. Each only if the member's role may issue the settling statement (rules.ts), and only records
 * its organisation may read.
 */
export async function listInboxItems(
  services: AppServices,
  principal: Principal,
  now: string,
): Promise<InboxItem[]> {
  const { workflow } = services;
  const state = services.engine.mechanismState;
  const org = principal.org;
  const orgKind = state.orgs.get(org)?.kind;
  if (orgKind === undefined) return [];
  const may = (type: StatementType) => satisfiesRule(STATEMENT_RULES[type], orgKind, principal.roles);
  const mayEndorse = (type: StatementType) => {
    const rule = ENDORSEMENT_RULES[type];
    return rule !== undefined && satisfiesRule(rule, orgKind, principal.roles);
  };
  const reader = org;
  const items: InboxItem[] = [];

  if (may('exchange.ack')) {
    const exchanges = await listAll(workflow, 'exchange', {
      reader,
      filter: { recipient: org, status: ['sent', 'acknowledged', 'replied'] },
    });
    for (const exchange of exchanges) {
      for (const obligation of listExchangeObligations(exchange, now)) {
        if (obligation.org !== org) continue;
        items.push({
          action: obligation.due === 'acknowledge' ? 'exchange.ack' : 'exchange.reply',
          digest: exchange.digest,
          subjectType: 'exchange.request',
          subject: exchange.subject,
          deadline: obligation.deadline,
          since: exchange.sentAt,
          overdue: obligation.overdue,
          audience: exchange.audience,
        });
      }
    }
  }

  const settings = readerSettings(services, org);
  if (orgKind === 'party' && may('incident.response')) {
    const allegations = await listAll(workflow, 'incident', {
      reader,
      filter: { allegedParty: org, incidentKind: 'allegation', status: ['reported'] },
    });
    for (const incident of allegations) {
      const deadline = computeResponseDeadline(settings, incident);
      items.push({
        action: 'incident.response',
        digest: incident.digest,
        subjectType: 'incident.report',
        subject: summariseIncident(incident),
        deadline,
        since: incident.reportedAt,
        overdue: isPast(deadline, now),
        audience: incident.audience,
      });
    }
  }

  const openCases = new Map<string, CaseRecord>();
  if (orgKind === 'verifier') {
    for (const kase of await listAll(workflow, 'case', { reader, filter: { org, status: ['open'] } })) {
      openCases.set(kase.digest, kase);
      const analyst = kase.analysts.some((a) => a.org === org && a.member === principal.member);
      if (!analyst || kase.findings.length > 0) continue;
      items.push({
        action: 'case.finding',
        digest: kase.digest,
        subjectType: 'case.open',
        subject: await summariseCase(workflow, kase, reader),
        deadline: kase.findingBy,
        since: kase.openedAt,
        overdue: isPast(kase.findingBy, now),
        audience: kase.audience,
      });
    }
  }

  // Only an approver of the finding's own verification team counts toward its quorum (statement-types/case-finding.ts), and
  // only while its case is open: once a case has its final finding, its other drafts are superseded.
  if (orgKind === 'verifier' && principal.roles.includes('approver') && mayEndorse('case.finding')) {
    const drafts = await listAll(workflow, 'finding', { reader, filter: { org, status: ['draft'] } });
    for (const finding of drafts) {
      const kase = openCases.get(finding.caseDigest);
      const endorsed = finding.endorsements.some((e) => e.org === org && e.member === principal.member);
      if (kase === undefined || endorsed) continue;
      const deadline = kase.findingBy;
      items.push({
        action: 'endorse',
        digest: finding.digest,
        subjectType: 'case.finding',
        subject: await summariseCase(workflow, kase, reader),
        deadline,
        since: finding.draftedAt,
        overdue: isPast(deadline, now),
        audience: finding.audience,
      });
    }
  }

  // A verifier approver's queues (DESIGN.md §3): allegations and claimed actions awaiting admission, and
  // releases awaiting a verifier's concurrence. Neither has a deadline in the settings, so they follow the
  // deadlines, oldest first.
  if (orgKind === 'verifier' && may('case.open')) {
    const allegations = await listAll(workflow, 'incident', {
      reader,
      filter: { incidentKind: 'allegation', status: ['reported', 'responded'] },
    });
    for (const incident of allegations) {
      if (incident.caseDigest !== undefined || incident.body.alleged_responsible?.party === undefined)
        continue;
      items.push({
        action: 'case.open',
        digest: incident.digest,
        subjectType: 'incident.report',
        subject: summariseIncident(incident),
        deadline: undefined,
        since: incident.reportedAt,
        overdue: false,
        audience: incident.audience,
      });
    }
    for (const claim of await listAll(workflow, 'claim', { reader, filter: { status: ['unexamined'] } })) {
      items.push({
        action: 'case.open',
        digest: claim.digest,
        subjectType: 'incident.response',
        subject: 'A party says it acted',
        deadline: undefined,
        since: claim.claimedAt,
        overdue: false,
        audience: claim.audience,
      });
    }
  }
  if (orgKind === 'verifier' && mayEndorse('release')) {
    const releases = await listAll(workflow, 'release', { reader, filter: { status: ['pending'] } });
    const stored = await services.entries.findStatements(releases.map((release) => release.digest));
    for (const release of releases) {
      items.push({
        action: 'endorse',
        digest: release.digest,
        subjectType: 'release',
        subject: titleOf(stored.get(release.digest)?.envelope),
        deadline: undefined,
        since: release.releasedAt,
        overdue: false,
        audience: release.audience,
      });
    }
  }

  if (orgKind === 'party' && may('commitment.accept')) {
    const proposals = await listAll(workflow, 'commitment', {
      reader,
      filter: { obligated: org, status: ['proposed'] },
    });
    for (const commitment of proposals) {
      if (commitment.accepted.some((a) => a.org === org)) continue;
      items.push({
        action: 'commitment.accept',
        digest: commitment.digest,
        subjectType: 'commitment.propose',
        subject: commitment.title,
        deadline: undefined,
        since: commitment.proposedAt,
        overdue: false,
        audience: commitment.audience,
      });
    }
  }

  // Rule changes take effect only when every party concurs, so each party's position is owed.
  for (const change of state.pending.values()) {
    const { statement } = change;
    if (orgKind !== 'party' || !mayEndorse(statement.type) || change.positions.has(org)) continue;
    if (!canOrgRead(statement.audience, statement.issuer.org, org)) continue;
    const stored = await services.entries.findStatement(change.digest);
    items.push({
      action: 'endorse',
      digest: change.digest,
      subjectType: statement.type,
      subject: summarisePendingChange(statement),
      deadline: undefined,
      since: stored?.logTime ?? statement.issued_at,
      overdue: false,
      audience: statement.audience,
    });
  }

  return items.sort(compareItems);
}
