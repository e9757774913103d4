import { incidentWithdrawBodySchema } from '../statements/incident.ts';
import { advanceIncident } from './advance-incident.ts';
import { fail } from './fail.ts';
import { refOf } from './record-of.ts';
import { requireTarget } from './require-target.ts';
import type { StatementHandler } from './statement-handler.ts';

/** `incident.withdraw`: the reporting organisation withdraws its report, finally; ref `withdraws` it. */
export const incidentWithdrawHandler: StatementHandler<'incident.withdraw'> = {
  body: incidentWithdrawBodySchema,
  validate(statement, state) {
    const incident = requireTarget(statement, state, 'withdraws', 'incident');
    if (incident.org !== statement.issuer.org)
      fail('forbidden_type', 'only the reporting organisation withdraws its report');
    if (incident.status === 'withdrawn') fail('state_conflict', 'the report is already withdrawn');
  },
  apply(state, { statement }) {
    const touched: string[] = [];
    const target = refOf(statement, 'withdraws');
    if (target !== undefined) advanceIncident(state, target, 'withdrawn', touched);
    return touched;
  },
};
