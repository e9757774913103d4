import { genesisBodySchema } from '../statements/membership.ts';
import { addOrg } from './add-org.ts';
import { fail } from './fail.ts';
import type { StatementHandler } from './statement-handler.ts';

/**
 * `mechanism.genesis`: the first entry of every log. It is checked on its own, before anything is enrolled
 * (validateStatement sends it here first, without the generic checks, which need enrolled keys); once the log
 * has its genesis, a second one is refused after the generic checks like any statement.
 */
export const mechanismGenesisHandler: StatementHandler<'mechanism.genesis'> = {
  body: genesisBodySchema,
  validate(statement, state, context) {
    if (state.genesisDigest !== undefined) fail('genesis_required', 'the log already has its genesis');
    const { body, issuer } = statement;
    if (statement.mechanism !== state.origin || body.origin !== state.origin) {
      fail('wrong_mechanism', `this log's origin is ${state.origin}`, { origin: state.origin });
    }
    // That the genesis is public, so everyone can read the rules, is AUDIENCE_RULES' (checked before this).
    if (statement.refs.length > 0) fail('invalid_statement', 'the genesis refers to nothing');
    const orgIds = new Set<string>();
    const keyIds = new Set<string>();
    for (const org of body.orgs) {
      if (orgIds.has(org.id)) fail('invalid_statement', `org ${org.id} is listed twice`);
      orgIds.add(org.id);
      const members = new Set<string>();
      for (const admin of org.admins) {
        if (members.has(admin.member))
          fail('invalid_statement', `member ${org.id}/${admin.member} is listed twice`);
        members.add(admin.member);
        const keyId = context.keyIdOf(admin.public_key);
        if (keyIds.has(keyId)) fail('invalid_statement', 'a public key is enrolled twice');
        keyIds.add(keyId);
      }
    }
    if (body.orgs.filter((org) => org.kind === 'party').length < 2)
      fail('invalid_statement', 'a mechanism has at least two parties');
    const issuerOrg = body.orgs.find((org) => org.id === issuer.org);
    const issuerAdmin = issuerOrg?.admins.find((admin) => admin.member === issuer.member);
    if (issuerOrg?.kind !== 'secretariat' || !issuerAdmin?.roles.includes('admin')) {
      fail('forbidden_type', 'the genesis is signed by an admin of a secretariat it lists');
    }
    if (context.keyIdOf(issuerAdmin.public_key) !== context.keyId) {
      fail('issuer_mismatch', 'the genesis is signed with its issuer’s listed key');
    }
    for (const orgId of body.settings.witness_policy) {
      if (!orgIds.has(orgId)) fail('invalid_statement', `witness policy names unknown org ${orgId}`);
    }
  },
  apply(state, { statement, index, digest }, keyIdOf) {
    state.genesisDigest = digest;
    state.name = statement.body.name;
    state.logVkey = statement.body.log_vkey;
    state.settings = statement.body.settings;
    for (const org of statement.body.orgs) addOrg(state, org, index, keyIdOf);
    return [];
  },
};
