import { describe, expect, it } from 'vitest';
import { genesisStatement, MemoryLog, publicKeyFor } from '../../test/mechanism-fixture.ts';
import type { DomainErrorCode } from '../domain-error.ts';
import { memberKey } from '../mechanism-state.ts';
import { statementSchema } from '../statements/statement.ts';

function expectCode(action: () => unknown, code: DomainErrorCode): void {
  expect(action).toThrow(expect.objectContaining({ name: 'DomainError', code }));
}

/** A started mechanism where Party A has a reporter and a liaison besides its admin. */
function startedLog(): MemoryLog {
  const log = new MemoryLog();
  log.append(genesisStatement());
  for (const [member, role] of [
    ['reporter', 'reporter'],
    ['liaison', 'liaison'],
  ] as const) {
    log.issue('member.enroll', 'pa/admin', {
      member,
      display_name: `Party A ${role} 1`,
      roles: [role],
      public_key: publicKeyFor(`pa/${member}`),
    });
  }
  return log;
}

const profileOf = (log: MemoryLog, member: string) => log.state.members.get(memberKey('pa', member));

describe('member.profile', () => {
  it('gives a member the display name its latest profile names, keeping the public role title', () => {
    const log = startedLog();
    log.issue('member.profile', 'pa/reporter', { member: 'reporter', display_name: 'Ayesha Khan' });
    expect(profileOf(log, 'reporter')).toMatchObject({
      displayName: 'Party A reporter 1',
      profileName: 'Ayesha Khan',
    });
    log.issue('member.profile', 'pa/admin', { member: 'reporter', display_name: 'Ayesha K.' });
    expect(profileOf(log, 'reporter')?.profileName).toBe('Ayesha K.');
  });

  it('keeps the name when the member gets another key', () => {
    const log = startedLog();
    log.issue('member.profile', 'pa/reporter', { member: 'reporter', display_name: 'Ayesha Khan' });
    log.issue('member.enroll', 'pa/admin', {
      member: 'reporter',
      display_name: 'Party A reporter 1',
      roles: ['reporter'],
      public_key: publicKeyFor('pa/reporter-laptop'),
    });
    expect(profileOf(log, 'reporter')?.profileName).toBe('Ayesha Khan');
  });

  it('may be given for a restricted audience, but never publicly', () => {
    const log = startedLog();
    expect(() =>
      log.issue(
        'member.profile',
        'pa/reporter',
        { member: 'reporter', display_name: 'Ayesha Khan' },
        { audience: { kind: 'orgs', orgs: ['pb'] } },
      ),
    ).not.toThrow();
    expectCode(
      () =>
        log.issue(
          'member.profile',
          'pa/reporter',
          { member: 'reporter', display_name: 'Ayesha Khan' },
          { audience: { kind: 'public' } },
        ),
      'audience_not_allowed',
    );
  });

  it('is refused when a member names someone else of their organisation', () => {
    const log = startedLog();
    expectCode(
      () => log.issue('member.profile', 'pa/liaison', { member: 'reporter', display_name: 'Someone' }),
      'forbidden_type',
    );
  });

  it('is refused when an admin of another organisation names the member', () => {
    const log = startedLog();
    // The member is looked up in the issuer's own organisation: pb has no member "reporter".
    expectCode(
      () => log.issue('member.profile', 'pb/admin', { member: 'reporter', display_name: 'Someone' }),
      'state_conflict',
    );
    // And pb's admin cannot name pa's admin, though pb has an "admin" too: it would be pb/admin's own profile.
    log.issue('member.profile', 'pb/admin', { member: 'admin', display_name: 'B. Admin' });
    expect(profileOf(log, 'admin')?.profileName).toBeUndefined();
  });

  it('is refused for an unknown or revoked member', () => {
    const log = startedLog();
    expectCode(
      () => log.issue('member.profile', 'pa/admin', { member: 'ghost', display_name: 'Nobody' }),
      'state_conflict',
    );
    log.issue('member.revoke', 'pa/admin', { member: 'liaison', reason: 'left the cell' });
    expectCode(
      () => log.issue('member.profile', 'pa/admin', { member: 'liaison', display_name: 'Former' }),
      'state_conflict',
    );
  });

  it('refers to nothing, and bounds the name', () => {
    const log = startedLog();
    const other = log.issue('member.profile', 'pa/reporter', { member: 'reporter', display_name: 'A' });
    expectCode(
      () =>
        log.issue(
          'member.profile',
          'pa/reporter',
          { member: 'reporter', display_name: 'B' },
          { refs: [{ rel: 'supersedes', digest: other }] },
        ),
      'invalid_statement',
    );
    const long = (length: number) =>
      statementSchema.safeParse(
        log.statement('member.profile', 'pa/reporter', {
          member: 'reporter',
          display_name: 'x'.repeat(length),
        }),
      ).success;
    expect(long(200)).toBe(true);
    expect(long(201)).toBe(false);
  });
});
