import { DomainError } from './domain-error.ts';
import { listEvidenceSha256 } from './list-evidence-sha256.ts';
import { listPartyOrgs, listReservedKeyIds, memberKey, type MechanismState } from './mechanism-state.ts';
import { ENDORSEMENT_RULES, satisfiesRule, STATEMENT_RULES } from './rules.ts';
import { mergeSettings } from './settings.ts';
import type { Audience, Statement, StatementType } from './statements/statement.ts';
import { findFinePublicDetail, publicPrecisionOf } from './public-disclosure.ts';
import { canOrgRead } from './visibility.ts';
import { validateWorkflowEndorsement, validateWorkflowStatement } from './validate-workflow.ts';

/** What validation needs to know about a referenced statement; the sequencer prefetches it from storage. */
export interface RefInfo {
  readonly digest: string;
  readonly type: StatementType;
  readonly org: string;
  readonly audience: Audience;
  readonly index: bigint;
}

export interface ValidationContext {
  /** The log time the statement would be sequenced at (RFC 3339 UTC). */
  readonly logTime: string;
  /** The statement's signing key id (lowercase hex SHA-256 of the public key). */
  readonly keyId: string;
  /** Looks up a referenced statement already in the log, or earlier in the same batch. */
  readonly lookupRef: (digest: string) => RefInfo | undefined;
  /** Key id of a base64 public key (DESIGN.md §3), injected so domain code does not hash. */
  readonly keyIdOf: (publicKey: string) => string;
  /**
   * The root hash (standard base64) of the log at a tree size the statement names, prefetched by the sequencer
   * (a report.publish must cite a checkpoint the log really had); undefined when it was not prefetched.
   */
  readonly rootHashAt?: (treeSize: bigint) => string | undefined;
  /**
   * Whether `org` may list the evidence file `sha256` (lowercase hex): a member of `org` uploaded it, or `org`
   * may read a statement that lists it, in the log or earlier in the same batch. Prefetched by the sequencer;
   * without it, a statement that lists evidence is refused.
   */
  readonly canCiteEvidence?: (sha256: string, org: string) => boolean;
}

function fail(
  code: ConstructorParameters<typeof DomainError>[0],
  message: string,
  detail?: Record<string, unknown>,
): never {
  throw new DomainError(code, message, detail === undefined ? undefined : { detail });
}

function checkIssuedAt(statement: Statement, state: MechanismState, logTime: string): void {
  const skewSeconds = Math.abs(Date.parse(statement.issued_at) - Date.parse(logTime)) / 1000;
  const tolerance = state.settings.issued_at_tolerance_seconds;
  if (skewSeconds > tolerance) {
    fail(
      'issued_at_out_of_range',
      `issued_at is ${Math.round(skewSeconds)} s from log time; the tolerance is ${tolerance} s`,
      {
        issued_at: statement.issued_at,
        log_time: logTime,
        tolerance_seconds: tolerance,
      },
    );
  }
}

function validateGenesis(
  statement: Extract<Statement, { type: 'mechanism.genesis' }>,
  state: MechanismState,
  context: ValidationContext,
): void {
  const { body, issuer } = statement;
  if (statement.mechanism !== state.origin || body.origin !== state.origin) {
    fail('wrong_mechanism', `this log's origin is ${state.origin}`, { origin: state.origin });
  }
  if (statement.audience.kind !== 'public')
    fail('invalid_statement', 'the genesis is public: everyone must be able to read the rules');
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
}

function validateRefs(statement: Statement, state: MechanismState, context: ValidationContext): void {
  const seen = new Set<string>();
  for (const ref of statement.refs) {
    if (seen.has(ref.digest))
      fail('invalid_statement', 'a statement refers to another at most once', { digest: ref.digest });
    seen.add(ref.digest);
    const target = context.lookupRef(ref.digest);
    if (target === undefined)
      fail('ref_not_found', `no statement ${ref.digest} in the log`, { digest: ref.digest });
    if (!canOrgRead(target.audience, target.org, statement.issuer.org)) {
      // Same answer shape as not-found would leak existence; the issuer's org already knows the digest, so
      // saying "not visible" tells it nothing new and helps it fix the audience.
      fail('ref_not_visible', `statement ${ref.digest} is not visible to ${statement.issuer.org}`, {
        digest: ref.digest,
      });
    }
  }
  if (statement.audience.kind === 'orgs') {
    for (const org of statement.audience.orgs) {
      if (!state.orgs.has(org)) fail('invalid_statement', `audience names unknown org ${org}`, { org });
    }
  }
}

/**
 * Evidence is bound to its uploader (DESIGN.md §5 blobs): knowing a file's hash must not be enough to list it,
 * since listing a file lets the lister's organisation download it. The message names only the issuer's own
 * organisation, so it reveals nothing about who else holds the file.
 */
function validateEvidence(statement: Statement, context: ValidationContext): void {
  const org = statement.issuer.org;
  for (const sha256 of listEvidenceSha256(statement)) {
    if (context.canCiteEvidence?.(sha256, org) !== true) {
      fail(
        'evidence_not_available',
        `evidence ${sha256} was not uploaded by a member of ${org}, and no statement ${org} may read lists it`,
        { sha256 },
      );
    }
  }
}

function validateTypeRules(statement: Statement, state: MechanismState, context: ValidationContext): void {
  switch (statement.type) {
    case 'mechanism.genesis':
      fail('genesis_required', 'the log already has its genesis');
      break;
    case 'member.enroll': {
      const keyId = context.keyIdOf(statement.body.public_key);
      if (state.keys.has(keyId))
        fail('state_conflict', 'this public key is already enrolled', { key_id: keyId });
      // A key named by a pending admission is reserved for it: enrolling (and then revoking) it elsewhere
      // would let the admission, once it takes effect, bring a revoked key back.
      if (listReservedKeyIds(state, context.keyIdOf).has(keyId))
        fail('state_conflict', 'this public key is named by a pending org.admit', { key_id: keyId });
      const existing = state.members.get(memberKey(statement.issuer.org, statement.body.member));
      if (existing !== undefined && !existing.active)
        fail('state_conflict', 'a revoked member cannot be enrolled again under the same id');
      break;
    }
    case 'member.revoke': {
      const { member, key_id } = statement.body;
      const record = state.members.get(memberKey(statement.issuer.org, member));
      if (!record?.active) fail('state_conflict', `no active member ${statement.issuer.org}/${member}`);
      if (key_id !== undefined) {
        const key = state.keys.get(key_id);
        if (key?.org !== statement.issuer.org || key.member !== member) {
          fail('state_conflict', `key ${key_id} is not a key of ${statement.issuer.org}/${member}`);
        }
        if (key.revokedAt !== undefined) fail('state_conflict', `key ${key_id} is already revoked`);
      }
      break;
    }
    case 'org.admit': {
      const { org } = statement.body;
      const pendingIds = [...state.pending.values()].flatMap((change) =>
        change.statement.type === 'org.admit' ? [change.statement.body.org.id] : [],
      );
      if (state.orgs.has(org.id) || pendingIds.includes(org.id))
        fail('state_conflict', `org ${org.id} exists or is pending`);
      const reserved = listReservedKeyIds(state, context.keyIdOf);
      const listed = new Set<string>();
      for (const admin of org.admins) {
        const keyId = context.keyIdOf(admin.public_key);
        if (state.keys.has(keyId)) fail('state_conflict', 'a listed public key is already enrolled');
        if (reserved.has(keyId) || listed.has(keyId))
          fail('state_conflict', 'a listed public key is named by another pending admission or twice');
        listed.add(keyId);
      }
      break;
    }
    case 'settings.change':
      if (mergeSettings(state.settings, statement.body.patch) === undefined) {
        fail('invalid_statement', 'the settings after this change would not be valid settings');
      }
      break;
    case 'endorse':
      validateEndorsement(statement, state, context);
      break;
    default:
      validateWorkflowStatement(statement, state, context.logTime, context.rootHashAt);
  }
}

function validateEndorsement(
  statement: Extract<Statement, { type: 'endorse' }>,
  state: MechanismState,
  context: ValidationContext,
): void {
  const targets = statement.refs.filter((ref) => ref.rel === 'endorses');
  if (targets.length !== 1 || statement.refs.length !== 1)
    fail('invalid_ref', 'an endorsement endorses exactly one statement');
  const target = context.lookupRef(targets[0]!.digest)!;
  const rule = ENDORSEMENT_RULES[target.type];
  if (rule === undefined) fail('invalid_ref', `a ${target.type} is not endorsed`);
  const org = state.orgs.get(statement.issuer.org)!;
  const member = state.members.get(memberKey(statement.issuer.org, statement.issuer.member))!;
  if (!satisfiesRule(rule, org.kind, member.roles))
    fail('forbidden_type', `${org.kind} ${member.roles.join('/')} cannot endorse a ${target.type}`);
  if (
    (target.type === 'org.admit' || target.type === 'settings.change') &&
    !state.pending.has(target.digest)
  ) {
    fail('state_conflict', `that ${target.type} has already taken effect`);
  }
  if (listPartyOrgs(state).length === 0) fail('state_conflict', 'no parties to endorse');
  const record = state.records.get(target.digest);
  if (record !== undefined) validateWorkflowEndorsement(statement, record, state);
}

/**
 * Checks a parsed, signature-verified statement against mechanism state at the moment of sequencing
 * (DESIGN.md §3, second step): the key is enrolled and not revoked, it belongs to the issuer, the issuer's org
 * kind and roles permit the type, issued_at is within tolerance of log time, refs exist and are visible to the
 * issuer, and the type's own rules hold. Throws a DomainError; changes nothing.
 */
export function validateStatement(
  statement: Statement,
  state: MechanismState,
  context: ValidationContext,
): void {
  if (state.genesisDigest === undefined) {
    if (statement.type !== 'mechanism.genesis')
      fail('genesis_required', 'the first statement of a log is its mechanism.genesis');
    checkIssuedAt(statement, state, context.logTime);
    validateGenesis(statement, state, context);
    return;
  }
  if (statement.mechanism !== state.origin)
    fail('wrong_mechanism', `this log's origin is ${state.origin}`, { origin: state.origin });
  const key = state.keys.get(context.keyId);
  if (key === undefined)
    fail('unknown_key', 'the signing key is not enrolled in this mechanism', { key_id: context.keyId });
  if (key.revokedAt !== undefined)
    fail('key_revoked', `the signing key was revoked at log index ${key.revokedAt}`, {
      key_id: context.keyId,
    });
  if (key.org !== statement.issuer.org || key.member !== statement.issuer.member) {
    fail('issuer_mismatch', `the signing key belongs to ${key.org}/${key.member}`);
  }
  const org = state.orgs.get(key.org)!;
  const member = state.members.get(memberKey(key.org, key.member))!;
  if (!satisfiesRule(STATEMENT_RULES[statement.type], org.kind, member.roles)) {
    fail('forbidden_type', `a ${org.kind} ${member.roles.join('/')} cannot issue ${statement.type}`, {
      statement_type: statement.type,
    });
  }
  checkIssuedAt(statement, state, context.logTime);
  validateRefs(statement, state, context);
  validateEvidence(statement, context);
  checkPublicPrecision(statement, state);
  validateTypeRules(statement, state, context);
}

/** A public statement's signed envelope is served as it is, so it must already be coarse (DESIGN.md §1.7). */
function checkPublicPrecision(statement: Statement, state: MechanismState): void {
  const precision = publicPrecisionOf(state.settings);
  const fine = findFinePublicDetail(statement, precision);
  if (fine !== undefined) {
    fail(
      'invalid_statement',
      `a public statement gives its ${fine} more precisely than the public precision ` +
        `(${precision.locationMetres} m, ${precision.time}): coarsen it, or give the detail in a restricted statement`,
      { public_location_precision_m: precision.locationMetres, public_time_precision: precision.time },
    );
  }
}
