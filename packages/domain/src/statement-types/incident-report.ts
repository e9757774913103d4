import { coarsenIncidentBody, hasFineEvidence, isFineLocation, isFineTimeSpan } from '../public-precision.ts';
import { incidentReportBodySchema } from '../statements/incident.ts';
import { distinctSha256 } from './distinct-sha256.ts';
import { fail } from './fail.ts';
import { requireParty } from './require-party.ts';
import { recordBase, setRecord } from './set-record.ts';
import type { StatementHandler } from './statement-handler.ts';

/** `incident.report`: an allegation against a party, or an observation; creates an incident record. */
export const incidentReportHandler: StatementHandler<'incident.report'> = {
  body: incidentReportBodySchema,
  validate(statement, state) {
    const party = statement.body.alleged_responsible?.party;
    if (party !== undefined) {
      requireParty(state, party, 'the alleged responsible party');
      if (party === statement.issuer.org)
        fail('invalid_statement', 'a party does not allege against itself; report an observation');
    }
  },
  apply(state, sequenced) {
    const { statement, logTime } = sequenced;
    const touched: string[] = [];
    setRecord(
      state,
      {
        ...recordBase(sequenced),
        kind: 'incident',
        member: statement.issuer.member,
        reportedAt: logTime,
        body: statement.body,
        amendments: [],
        responses: [],
        caseDigest: undefined,
        status: 'reported',
      },
      touched,
    );
    return touched;
  },
  listEvidence: (statement) => distinctSha256(statement.body.evidence),
  findFinePublicDetail({ body }, precision) {
    if (isFineLocation(body.location, precision)) return 'location';
    if (isFineTimeSpan(body.time, precision)) return 'time';
    if (hasFineEvidence(body.evidence, precision)) return 'evidence captured_at';
    return undefined;
  },
  coarsenForPublic: (statement, precision) => ({
    ...statement,
    body: coarsenIncidentBody(statement.body, precision),
  }),
};
