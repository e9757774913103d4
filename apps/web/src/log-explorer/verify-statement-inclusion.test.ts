import { decodeUtf8, encodeBase64, generateInclusionProof, hashLeaf, parseJson } from '@jmm/core';
import { describe, expect, it } from 'vitest';
import { checkpointOf, makeEntries } from './log.fixture.ts';
import { verifyStatementInclusion } from './verify-statement-inclusion.ts';

const entries = makeEntries(9);
const checkpoint = checkpointOf(entries);
const entryAt = (i: number) => parseJson(decodeUtf8(entries[i]!)) as Record<string, unknown>;
const proofOf = (i: number) => generateInclusionProof(BigInt(i), 9n, entries.map(hashLeaf)).map(encodeBase64);

describe('verifyStatementInclusion', () => {
  it('verifies an entry whose proof leads to the checkpoint root', () => {
    expect(verifyStatementInclusion(entryAt(4), 4n, checkpoint, proofOf(4)).verified).toBe(true);
  });

  describe('when the proof is for another leaf', () => {
    it('shows the entry as not verified', () => {
      const report = verifyStatementInclusion(entryAt(4), 4n, checkpoint, proofOf(5));
      expect(report.verified).toBe(false);
      expect(report.problem).toMatch(/^invalid_proof/);
    });
  });
});
