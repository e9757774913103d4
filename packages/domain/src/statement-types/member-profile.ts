import { memberKey } from '../member-key.ts';
import { memberProfileBodySchema } from '../statements/membership.ts';
import { fail } from './fail.ts';
import { isMemberWithRole } from './is-member-with-role.ts';
import type { StatementHandler } from './statement-handler.ts';

/**
 * `member.profile`: a member's display name for mechanism readers, given by the member or an admin of their
 * organisation; the latest one counts. Enrolments are public and carry only a role title (issue 11), so this is
 * where a personal name goes; AUDIENCE_RULES (rules.ts) keeps it from being public.
 */
export const memberProfileHandler: StatementHandler<'member.profile'> = {
  body: memberProfileBodySchema,
  validate(statement, state) {
    const { org, member: issuer } = statement.issuer;
    const { member } = statement.body;
    if (statement.refs.length > 0) fail('invalid_statement', 'a member.profile refers to nothing');
    if (state.members.get(memberKey(org, member))?.active !== true)
      fail('state_conflict', `no active member ${org}/${member}`);
    if (member !== issuer && !isMemberWithRole(state, org, issuer, 'admin'))
      fail('forbidden_type', `only ${org}/${member} or an admin of ${org} names ${org}/${member}`);
  },
  apply(state, { statement }) {
    const key = memberKey(statement.issuer.org, statement.body.member);
    const record = state.members.get(key);
    // A reader's view holds every member (enrolments are public); the check is for a view folded before that.
    if (record !== undefined) state.members.set(key, { ...record, profileName: statement.body.display_name });
    return [];
  },
};
