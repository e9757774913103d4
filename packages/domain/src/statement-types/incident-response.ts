import {
  coarsenEvidence,
  coarsenLocation,
  coarsenTime,
  hasFineEvidence,
  isFineLocation,
  isFineTime,
} from '../public-precision.ts';
import { incidentResponseBodySchema } from '../statements/incident.ts';
import { advanceIncident } from './advance-incident.ts';
import { distinctSha256 } from './distinct-sha256.ts';
import { fail } from './fail.ts';
import { recordOf, refOf } from './record-of.ts';
import { requireTarget } from './require-target.ts';
import { setClaimRecord } from './set-record.ts';
import type { StatementHandler } from './statement-handler.ts';

/**
 * `incident.response`: the other side's answer to a report; ref `responds_to` it. A response that claims
 * action taken creates a claim, which verifiers can take up like an allegation.
 */
export const incidentResponseHandler: StatementHandler<'incident.response'> = {
  body: incidentResponseBodySchema,
  validate(statement, state) {
    const issuerOrg = statement.issuer.org;
    const incident = requireTarget(statement, state, 'responds_to', 'incident');
    if (incident.org === issuerOrg)
      fail('forbidden_type', 'a party responds to the other side’s reports, not its own');
    const alleged = incident.body.alleged_responsible?.party;
    if (incident.body.kind === 'allegation' && alleged !== undefined && alleged !== issuerOrg) {
      fail('forbidden_type', `the response to this allegation is ${alleged}’s to give`);
    }
    if (incident.status === 'withdrawn') fail('state_conflict', 'the report was withdrawn');
  },
  apply(state, sequenced) {
    const { statement, digest, logTime } = sequenced;
    const touched: string[] = [];
    const incident = recordOf(state, refOf(statement, 'responds_to'), 'incident');
    if (incident === undefined) return touched;
    const claimsAction = statement.body.action !== undefined;
    const responses = [
      ...incident.responses,
      { digest, org: statement.issuer.org, position: statement.body.position, at: logTime, claimsAction },
    ];
    advanceIncident(state, incident.digest, 'responded', touched, { responses });
    if (claimsAction) setClaimRecord(state, sequenced, touched);
    return touched;
  },
  listEvidence: (statement) => distinctSha256(statement.body.evidence),
  findFinePublicDetail(statement, precision) {
    const { action, evidence } = statement.body;
    if (action?.location !== undefined && isFineLocation(action.location, precision))
      return 'action location';
    if (action?.taken_at !== undefined && isFineTime(action.taken_at, precision)) return 'action taken_at';
    if (hasFineEvidence(evidence, precision)) return 'evidence captured_at';
    return undefined;
  },
  coarsenForPublic(statement, precision) {
    const { action, evidence } = statement.body;
    return {
      ...statement,
      body: {
        ...statement.body,
        evidence: evidence.map((e) => coarsenEvidence(e, precision)),
        ...(action === undefined
          ? {}
          : {
              action: {
                ...action,
                ...(action.location === undefined
                  ? {}
                  : { location: coarsenLocation(action.location, precision) }),
                ...(action.taken_at === undefined
                  ? {}
                  : { taken_at: coarsenTime(action.taken_at, precision.time) }),
              },
            }),
      },
    };
  },
};
