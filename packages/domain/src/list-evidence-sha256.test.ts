import { describe, expect, it } from 'vitest';
import { CAST, reportBody, startedWorkflowLog } from '../test/workflow-fixture.ts';
import { keyIdOf, publicKeyFor } from '../test/mechanism-fixture.ts';
import { isDomainError } from './domain-error.ts';
import { listEvidenceSha256 } from './list-evidence-sha256.ts';
import type { Statement } from './statements/statement.ts';
import { validateStatement } from './validate-statement.ts';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const file = (sha256: string) => ({ sha256, media_type: 'image/jpeg', size: 10 });

describe('listEvidenceSha256', () => {
  const log = startedWorkflowLog();

  it('lists each file of a statement’s evidence once, in order', () => {
    const report = log.statement(
      'incident.report',
      'pa/reporter',
      reportBody({
        evidence: [file(B), file(A), { ...file(B), description: 'cropped' }],
      }),
    );
    expect(listEvidenceSha256(report)).toEqual([B, A]);
  });

  it('lists the evidence an amendment’s patch sets, and nothing for one that leaves it alone', () => {
    const amend = (patch: Record<string, unknown>) =>
      log.statement('incident.amend', 'pa/reporter', { patch, reason: 'more evidence' });
    expect(listEvidenceSha256(amend({ evidence: [file(A), { not: 'evidence' }] }))).toEqual([A]);
    expect(listEvidenceSha256(amend({ narrative: 'corrected' }))).toEqual([]);
    expect(listEvidenceSha256(amend({ evidence: 'not a list' }))).toEqual([]);
  });

  it('lists nothing for a type without evidence', () => {
    expect(
      listEvidenceSha256(log.statement('incident.withdraw', 'pa/reporter', { reason: 'filed twice' })),
    ).toEqual([]);
  });
});

describe('validateStatement', () => {
  describe('when a statement lists evidence', () => {
    const log = startedWorkflowLog();
    const report = log.statement(
      'incident.report',
      'pa/reporter',
      reportBody({ evidence: [file(A), file(B)] }),
    );
    const validate = (statement: Statement, canCiteEvidence?: (sha256: string, org: string) => boolean) => {
      validateStatement(statement, log.state, {
        logTime: statement.issued_at,
        keyId: keyIdOf(publicKeyFor(`${statement.issuer.org}/${statement.issuer.member}`)),
        lookupRef: (digest) => log.refs.get(digest),
        keyIdOf,
        ...(canCiteEvidence === undefined ? {} : { canCiteEvidence }),
      });
    };

    it('accepts it when the issuer’s organisation may cite every file', () => {
      expect(CAST.pa).toContain('reporter');
      const asked: string[] = [];
      validate(report, (sha256, org) => {
        asked.push(`${org}:${sha256.slice(0, 1)}`);
        return org === 'pa';
      });
      expect(asked).toEqual(['pa:a', 'pa:b']);
    });

    it('refuses it with evidence_not_available naming the first file it may not cite', () => {
      let error: unknown;
      try {
        validate(report, (sha256) => sha256 === A);
      } catch (caught) {
        error = caught;
      }
      expect(isDomainError(error, 'evidence_not_available')).toBe(true);
      expect((error as { detail: unknown }).detail).toEqual({ sha256: B });
    });

    it('refuses it when the sequencer gave no way to check (fails closed)', () => {
      expect(() => {
        validate(report);
      }).toThrow(expect.objectContaining({ code: 'evidence_not_available' }));
    });
  });
});
