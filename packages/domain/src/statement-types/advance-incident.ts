import type { MechanismState } from '../mechanism-state.ts';
import type { CaseRecord, IncidentRecord, IncidentStatus } from '../workflow-records.ts';
import { recordOf } from './record-of.ts';

/** Moves an incident forward, never back (except by withdrawal, which is final). */
const INCIDENT_ORDER: readonly IncidentStatus[] = [
  'reported',
  'responded',
  'admitted',
  'under_investigation',
  'finding_final',
  'released',
];

export function advanceIncident(
  state: MechanismState,
  digest: string,
  status: IncidentStatus,
  touched: string[],
  patch: Partial<IncidentRecord> = {},
): void {
  const incident = recordOf(state, digest, 'incident');
  if (incident === undefined) return;
  const terminal = incident.status === 'withdrawn' || incident.status === 'declined';
  const forward = INCIDENT_ORDER.indexOf(status) > INCIDENT_ORDER.indexOf(incident.status);
  const next =
    status === 'withdrawn' || status === 'declined' || (!terminal && forward) ? status : incident.status;
  state.records.set(digest, { ...incident, ...patch, status: next });
  touched.push(digest);
}

/** Marks every incident (and claim) a case is about. */
export function advanceCaseSubjects(
  state: MechanismState,
  kase: CaseRecord,
  status: IncidentStatus,
  touched: string[],
): void {
  for (const subject of kase.subjects) advanceIncident(state, subject, status, touched);
}
