import { describe, expect, it } from 'vitest';
import { genesisStatement, keyIdOf, MemoryLog, publicKeyFor } from '../test/mechanism-fixture.ts';
import type { DomainErrorCode } from './domain-error.ts';
import { memberKey } from './mechanism-state.ts';
import type { Statement } from './statements/statement.ts';

function expectCode(action: () => unknown, code: DomainErrorCode): void {
  expect(action).toThrow(expect.objectContaining({ name: 'DomainError', code }));
}

function startedLog(): MemoryLog {
  const log = new MemoryLog();
  log.append(genesisStatement());
  return log;
}

describe('validateStatement', () => {
  describe('before the genesis', () => {
    it('accepts only a mechanism.genesis', () => {
      const log = new MemoryLog();
      expectCode(() => log.issue('endorse', 'sec/admin', { position: 'concur' }), 'genesis_required');
    });

    it('enrols the genesis organisations and their admins', () => {
      const log = startedLog();
      expect([...log.state.orgs.keys()]).toEqual(['sec', 'pa', 'pb', 'ver', 'med']);
      expect(log.state.keys.get(keyIdOf(publicKeyFor('pa/admin')))).toMatchObject({
        org: 'pa',
        member: 'admin',
      });
    });

    it('rejects a genesis for another origin', () => {
      const log = new MemoryLog();
      const genesis = genesisStatement();
      expectCode(
        () => log.append({ ...genesis, body: { ...genesis.body, origin: 'elsewhere' } }),
        'wrong_mechanism',
      );
    });

    it('rejects a genesis that is not public, or signed by someone it does not list as secretariat admin', () => {
      expectCode(
        () => new MemoryLog().append({ ...genesisStatement(), audience: { kind: 'mechanism' } }),
        'audience_not_allowed',
      );
      expectCode(
        () => new MemoryLog().append({ ...genesisStatement(), issuer: { org: 'pa', member: 'admin' } }),
        'forbidden_type',
      );
      expectCode(() => new MemoryLog().append(genesisStatement(), 'pa/admin'), 'issuer_mismatch');
    });

    it('rejects a genesis with fewer than two parties or duplicate keys', () => {
      const genesis = genesisStatement();
      const oneParty = {
        ...genesis,
        body: { ...genesis.body, orgs: genesis.body.orgs.filter((org) => org.id !== 'pb') },
      };
      expectCode(() => new MemoryLog().append(oneParty), 'invalid_statement');
      const orgs = genesis.body.orgs.map((org) => ({
        ...org,
        admins: org.admins.map((a) => ({ ...a, public_key: publicKeyFor('same') })),
      }));
      expectCode(
        () => new MemoryLog().append({ ...genesis, body: { ...genesis.body, orgs } }),
        'invalid_statement',
      );
    });

    it('rejects a second genesis', () => {
      const log = startedLog();
      expectCode(() => log.append(genesisStatement()), 'genesis_required');
    });
  });

  describe('the signing key', () => {
    it('must be enrolled', () => {
      const log = startedLog();
      expectCode(
        () => log.append(log.statement('member.enroll', 'pa/admin', enrolment('x')), 'pa/stranger'),
        'unknown_key',
      );
    });

    it('must belong to the issuer', () => {
      const log = startedLog();
      expectCode(
        () => log.append(log.statement('member.enroll', 'pa/admin', enrolment('x')), 'pb/admin'),
        'issuer_mismatch',
      );
    });

    it('stops signing at its revocation', () => {
      const log = startedLog();
      log.issue('member.enroll', 'pa/admin', { ...enrolment('deputy'), roles: ['admin'] });
      log.issue('member.revoke', 'pa/admin', { member: 'deputy', reason: 'left the cell' });
      expect(log.state.members.get(memberKey('pa', 'deputy'))?.active).toBe(false);
      expectCode(() => log.issue('member.enroll', 'pa/deputy', enrolment('y')), 'key_revoked');
    });
  });

  describe('roles', () => {
    it('forbid types the issuer’s org kind or roles do not permit', () => {
      const log = startedLog();
      log.issue('member.enroll', 'pa/admin', { ...enrolment('liaison'), roles: ['liaison'] });
      expectCode(() => log.issue('member.enroll', 'pa/liaison', enrolment('z')), 'forbidden_type');
      expectCode(
        () => log.issue('settings.change', 'pa/admin', { patch: { finding_quorum: 3 }, reason: 'r' }),
        'forbidden_type',
      );
    });
  });

  describe('issued_at', () => {
    it('may be ahead of log time by at most the clock tolerance', () => {
      const log = startedLog();
      const statement = log.statement('member.enroll', 'pa/admin', enrolment('early'));
      const before = (seconds: number) =>
        new Date(Date.parse(statement.issued_at) - seconds * 1000).toISOString();
      expectCode(() => log.append(statement, 'pa/admin', before(601)), 'issued_at_out_of_range');
      expect(() => log.append(statement, 'pa/admin', before(599))).not.toThrow();
    });

    it('may be behind log time by the offline window (72 h by default): signed offline, logged later', () => {
      const after = (statement: { issued_at: string }, hours: number) =>
        new Date(Date.parse(statement.issued_at) + hours * 3_600_000).toISOString();
      const log = startedLog();
      const late = log.statement('member.enroll', 'pa/admin', enrolment('late'));
      expectCode(() => log.append(late, 'pa/admin', after(late, 72.01)), 'issued_at_out_of_range');
      expect(() => log.append(late, 'pa/admin', after(late, 71.9))).not.toThrow();
    });
  });

  describe('refs', () => {
    it('must exist and be visible to the issuer', () => {
      const log = startedLog();
      const missing = `sha256:${'ab'.repeat(32)}`;
      const change = log.issue(
        'member.profile',
        'pa/admin',
        { member: 'admin', display_name: 'A. Person' },
        { audience: { kind: 'orgs', orgs: ['pa'] } },
      );
      expectCode(
        () =>
          log.issue(
            'endorse',
            'pa/admin',
            { position: 'concur' },
            { refs: [{ rel: 'endorses', digest: missing }] },
          ),
        'ref_not_found',
      );
      expectCode(
        () =>
          log.issue(
            'endorse',
            'pb/admin',
            { position: 'concur' },
            { refs: [{ rel: 'endorses', digest: change }] },
          ),
        'ref_not_visible',
      );
    });

    it('may not name an unknown org in the audience', () => {
      const log = startedLog();
      expectCode(
        () =>
          log.issue(
            'member.profile',
            'pa/admin',
            { member: 'admin', display_name: 'A. Person' },
            { audience: { kind: 'orgs', orgs: ['nobody'] } },
          ),
        'invalid_statement',
      );
    });
  });

  describe('audiences (AUDIENCE_RULES: public membership, issue 11)', () => {
    const NOT_PUBLIC: Statement['audience'][] = [{ kind: 'mechanism' }, { kind: 'orgs', orgs: ['pb'] }];

    /** Each membership statement, as a started log's issuer would sign it, built fresh for each log. */
    const MEMBERSHIP: Record<string, (log: MemoryLog) => [Statement['type'], string, unknown]> = {
      'org.admit': () => [
        'org.admit',
        'sec/admin',
        {
          org: {
            id: 'obs',
            name: 'Observers',
            kind: 'observer',
            admins: [{ ...enrolment('admin'), roles: ['admin'], public_key: publicKeyFor('obs/admin') }],
          },
          reason: 'agreed at talks',
        },
      ],
      'settings.change': () => [
        'settings.change',
        'sec/admin',
        { patch: { finding_quorum: 3 }, reason: 'r' },
      ],
      'member.enroll': () => ['member.enroll', 'pa/admin', enrolment('new')],
      'member.revoke': (log) => {
        log.issue('member.enroll', 'pa/admin', enrolment('leaver'));
        return ['member.revoke', 'pa/admin', { member: 'leaver', reason: 'left the cell' }];
      },
    };

    describe.each(Object.keys(MEMBERSHIP))('a %s', (type) => {
      it.each(NOT_PUBLIC)('is refused with audience $kind', (audience) => {
        const log = startedLog();
        const [kind, issuer, body] = MEMBERSHIP[type]!(log);
        expectCode(() => log.issue(kind, issuer, body as never, { audience }), 'audience_not_allowed');
      });

      it('is accepted as public, and every reader can then replay it', () => {
        const log = startedLog();
        const [kind, issuer, body] = MEMBERSHIP[type]!(log);
        const digest = log.issue(kind, issuer, body as never, { audience: { kind: 'public' } });
        expect(log.refs.get(digest)?.audience).toEqual({ kind: 'public' });
      });
    });

    it('refuses a genesis that is not public with the same code', () => {
      for (const audience of NOT_PUBLIC) {
        expectCode(() => new MemoryLog().append({ ...genesisStatement(), audience }), 'audience_not_allowed');
      }
    });

    it('makes an endorsement of a rule change or an admission public, as the change it makes effective', () => {
      const log = startedLog();
      const change = log.issue('settings.change', 'sec/admin', { patch: { finding_quorum: 3 }, reason: 'r' });
      const endorse = (audience: Statement['audience']) =>
        log.issue(
          'endorse',
          'pa/admin',
          { position: 'concur' },
          {
            audience,
            refs: [{ rel: 'endorses', digest: change }],
          },
        );
      for (const audience of NOT_PUBLIC) expectCode(() => endorse(audience), 'audience_not_allowed');
      expect(() => endorse({ kind: 'public' })).not.toThrow();
    });

    it('names the allowed audiences, so a client can fix its statement', () => {
      const log = startedLog();
      let refusal: unknown;
      try {
        log.issue('member.enroll', 'pa/admin', enrolment('x'), { audience: { kind: 'mechanism' } });
      } catch (error) {
        refusal = error;
      }
      expect(refusal).toMatchObject({
        code: 'audience_not_allowed',
        detail: { statement_type: 'member.enroll', audience: 'mechanism', allowed: ['public'] },
      });
    });
  });

  describe('rule changes', () => {
    it('take effect only when every party concurs', () => {
      const log = startedLog();
      const change = log.issue('settings.change', 'sec/admin', {
        patch: { finding_quorum: 3 },
        reason: 'more eyes',
      });
      const endorse = (issuer: string, position: 'concur' | 'dissent') =>
        log.issue('endorse', issuer, position === 'concur' ? { position } : { position, text: 'no' }, {
          refs: [{ rel: 'endorses', digest: change }],
        });
      endorse('pa/admin', 'concur');
      endorse('pb/admin', 'dissent');
      expect(log.state.settings.finding_quorum).toBe(2);
      endorse('pb/admin', 'concur');
      expect(log.state.settings.finding_quorum).toBe(3);
      expectCode(() => endorse('pa/admin', 'concur'), 'state_conflict');
    });

    it('admit an organisation and its admins when every party concurs', () => {
      const log = startedLog();
      const org = {
        id: 'obs',
        name: 'Observers',
        kind: 'observer' as const,
        admins: [{ ...enrolment('admin'), roles: ['admin' as const], public_key: publicKeyFor('obs/admin') }],
      };
      const admit = log.issue('org.admit', 'sec/admin', { org, reason: 'agreed at talks' });
      expectCode(() => log.issue('org.admit', 'sec/admin', { org, reason: 'again' }), 'state_conflict');
      for (const party of ['pa/admin', 'pb/admin']) {
        log.issue('endorse', party, { position: 'concur' }, { refs: [{ rel: 'endorses', digest: admit }] });
      }
      expect(log.state.orgs.get('obs')?.kind).toBe('observer');
      expect(() => log.issue('member.enroll', 'obs/admin', enrolment('viewer'))).not.toThrow();
    });

    it('reject endorsements by non-parties and of types that are not endorsed', () => {
      const log = startedLog();
      const change = log.issue('settings.change', 'sec/admin', { patch: { finding_quorum: 3 }, reason: 'r' });
      expectCode(
        () =>
          log.issue(
            'endorse',
            'ver/admin',
            { position: 'concur' },
            { refs: [{ rel: 'endorses', digest: change }] },
          ),
        'forbidden_type',
      );
      const enrol = log.issue('member.enroll', 'pa/admin', enrolment('m'));
      expectCode(
        () =>
          log.issue(
            'endorse',
            'pb/admin',
            { position: 'concur' },
            { refs: [{ rel: 'endorses', digest: enrol }] },
          ),
        'invalid_ref',
      );
    });

    it('reject a settings change whose result is not valid settings', () => {
      const log = startedLog();
      expectCode(
        () => log.issue('settings.change', 'sec/admin', { patch: { finding_quorum: 0 }, reason: 'r' }),
        'invalid_statement',
      );
    });
  });

  describe('a key named by a pending admission (issue 7, reproduction 8)', () => {
    it('is reserved: it cannot be enrolled elsewhere, so the admission never un-revokes it', () => {
      const log = startedLog();
      const reserved = publicKeyFor('obs/admin');
      const org = {
        id: 'obs',
        name: 'Observers',
        kind: 'observer' as const,
        admins: [{ ...enrolment('admin'), roles: ['admin' as const], public_key: reserved }],
      };
      const admit = log.issue('org.admit', 'sec/admin', { org, reason: 'agreed at talks' });
      expectCode(
        () => log.issue('member.enroll', 'pa/admin', { ...enrolment('spare'), public_key: reserved }),
        'state_conflict',
      );
      expectCode(
        () =>
          log.issue('org.admit', 'sec/admin', {
            org: { ...org, id: 'obs-two' },
            reason: 'the same key again',
          }),
        'state_conflict',
      );
      for (const party of ['pa/admin', 'pb/admin']) {
        log.issue('endorse', party, { position: 'concur' }, { refs: [{ rel: 'endorses', digest: admit }] });
      }
      expect(log.state.keys.get(keyIdOf(reserved))).toMatchObject({ org: 'obs', revokedAt: undefined });
    });
  });

  describe('member.enroll and member.revoke', () => {
    it('reject a key that is already enrolled, and revoking an unknown member or key', () => {
      const log = startedLog();
      expectCode(
        () =>
          log.issue('member.enroll', 'pa/admin', {
            ...enrolment('dup'),
            public_key: publicKeyFor('pb/admin'),
          }),
        'state_conflict',
      );
      expectCode(
        () => log.issue('member.revoke', 'pa/admin', { member: 'ghost', reason: 'r' }),
        'state_conflict',
      );
      expectCode(
        () =>
          log.issue('member.revoke', 'pa/admin', {
            member: 'admin',
            key_id: 'f'.repeat(64),
            reason: 'r',
          }),
        'state_conflict',
      );
    });

    it('revoke a single key while the member keeps the others', () => {
      const log = startedLog();
      log.issue('member.enroll', 'pa/admin', {
        ...enrolment('admin'),
        roles: ['admin'],
        public_key: publicKeyFor('pa/admin-2'),
      });
      const firstKey = keyIdOf(publicKeyFor('pa/admin'));
      log.append(
        log.statement('member.revoke', 'pa/admin', {
          member: 'admin',
          key_id: firstKey,
          reason: 'lost laptop',
        }),
        'pa/admin-2',
      );
      expect(log.state.keys.get(firstKey)?.revokedAt).toBeDefined();
      expectCode(
        () =>
          log.append(
            log.statement('member.revoke', 'pa/admin', {
              member: 'admin',
              key_id: firstKey,
              reason: 'again',
            }),
            'pa/admin-2',
          ),
        'state_conflict',
      );
    });
  });
});

function enrolment(member: string) {
  return {
    member,
    display_name: `Officer ${member}`,
    roles: ['reporter' as const],
    public_key: publicKeyFor(`pa/${member}`),
  };
}
