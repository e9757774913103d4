import { listEvidenceSha256 } from './list-evidence-sha256.ts';
import type { MechanismState } from './mechanism-state.ts';
import { memberKey } from './member-key.ts';
import { findFinePublicDetail, publicPrecisionOf } from './public-disclosure.ts';
import { allowedAudiencesOf, satisfiesRule, STATEMENT_RULES } from './rules.ts';
import { fail } from './statement-types/fail.ts';
import { handlerOf } from './statement-types/statement-handlers.ts';
import type { Statement } from './statements/statement.ts';
import type { ValidationContext } from './validation-context.ts';
import { canOrgRead } from './visibility.ts';

export type { RefInfo, ValidationContext } from './validation-context.ts';

/**
 * issued_at may lie ahead of log time by at most the clock tolerance, and behind it by the tolerance or the
 * offline window, whichever is longer: a statement signed offline is accepted when it reaches the log within
 * the window (DESIGN.md §7), and keeps both times.
 */
function checkIssuedAt(statement: Statement, state: MechanismState, logTime: string): void {
  const aheadSeconds = (Date.parse(statement.issued_at) - Date.parse(logTime)) / 1000;
  const tolerance = state.settings.issued_at_tolerance_seconds;
  const offlineSeconds = state.settings.offline_window_hours * 3600;
  const behindLimit = Math.max(tolerance, offlineSeconds);
  if (aheadSeconds > tolerance || -aheadSeconds > behindLimit) {
    fail(
      'issued_at_out_of_range',
      aheadSeconds > 0
        ? `issued_at is ${Math.round(aheadSeconds)} s ahead of log time; the tolerance is ${tolerance} s`
        : `issued_at is ${Math.round(-aheadSeconds)} s before log time; a statement signed offline must reach ` +
            `the log within ${behindLimit} s (the offline window)`,
      {
        issued_at: statement.issued_at,
        log_time: logTime,
        tolerance_seconds: tolerance,
        offline_window_seconds: offlineSeconds,
      },
    );
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

/**
 * Checks a parsed, signature-verified statement against mechanism state at the moment of sequencing
 * (DESIGN.md §3, second step): the key is enrolled and not revoked, it belongs to the issuer, the issuer's org
 * kind and roles permit the type, issued_at is within tolerance of log time, refs exist and are visible to the
 * issuer, and the type's own rules hold (its handler, statement-types/). Throws a DomainError; changes nothing.
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
    checkAudience(statement, context);
    // Nothing is enrolled yet for the generic checks to check against: the genesis checks itself.
    handlerOf(statement.type).validate(statement, state, context);
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
  checkAudience(statement, context);
  validateEvidence(statement, context);
  checkPublicPrecision(statement, state);
  handlerOf(statement.type).validate(statement, state, context);
}

/**
 * The audience must be one the statement's type allows (AUDIENCE_RULES, rules.ts): membership, rule changes and
 * the endorsements that make them effective are public, so anyone can replay who held which key with which
 * roles at every index; a profile, which may carry a personal name, is never public. Runs after the refs are
 * known to exist, since an endorsement's allowed audiences are those of the statement it endorses.
 */
function checkAudience(statement: Statement, context: ValidationContext): void {
  const endorsed =
    statement.type === 'endorse' ? statement.refs.find((ref) => ref.rel === 'endorses') : undefined;
  const endorsedType = endorsed === undefined ? undefined : context.lookupRef(endorsed.digest)?.type;
  const allowed = allowedAudiencesOf(statement.type, endorsedType);
  if (!allowed.includes(statement.audience.kind)) {
    const what = endorsedType === undefined ? `a ${statement.type}` : `an endorsement of a ${endorsedType}`;
    fail(
      'audience_not_allowed',
      `${what} has audience ${allowed.join(' or ')}, not ${statement.audience.kind}`,
      { statement_type: statement.type, audience: statement.audience.kind, allowed },
    );
  }
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
