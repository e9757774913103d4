// Every test vector of transparency-dev/merkle's testdata (fixtures/merkle, Apache-2.0): the positive ones
// must verify and every corrupted one must fail with a typed invalid_proof error.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isCoreError } from '../src/core-error.ts';
import { decodeBase64 } from '../src/encoding/index.ts';
import { verifyConsistencyProof, verifyInclusionProof } from '../src/merkle/index.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'merkle');

interface InclusionVector {
  leafIdx: bigint;
  treeSize: bigint;
  root: Uint8Array;
  leafHash: Uint8Array;
  proof: Uint8Array[];
  wantErr: boolean;
}

interface ConsistencyVector {
  size1: bigint;
  size2: bigint;
  root1: Uint8Array;
  root2: Uint8Array;
  proof: Uint8Array[];
  wantErr: boolean;
}

function listJson(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory()
        ? listJson(join(dir, entry.name))
        : entry.name.endsWith('.json')
          ? [join(dir, entry.name)]
          : [],
    )
    .sort();
}

// Sizes reach 2^64 − 1, beyond a double's precision, so integer fields are quoted before JSON.parse sees
// them and become bigints afterwards.
const SIZE_FIELDS = ['leafIdx', 'treeSize', 'size1', 'size2'];

function readVector(file: string): Record<string, unknown> {
  let text = readFileSync(file, 'utf8');
  for (const field of SIZE_FIELDS) text = text.replace(new RegExp(`"${field}": (\\d+)`), `"${field}": "$1"`);
  const raw = JSON.parse(text) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (SIZE_FIELDS.includes(key)) out[key] = BigInt(value as string);
    else if (key === 'proof') out[key] = ((value ?? []) as string[]).map(decodeBase64);
    else if (typeof value === 'string' && key !== 'desc') out[key] = decodeBase64(value);
    else out[key] = value;
  }
  return out;
}

function outcome(verify: () => void): 'verified' | 'invalid_proof' {
  try {
    verify();
    return 'verified';
  } catch (error) {
    if (isCoreError(error, 'invalid_proof')) return 'invalid_proof';
    throw error;
  }
}

const inclusionFiles = listJson(join(FIXTURES, 'inclusion'));
const consistencyFiles = listJson(join(FIXTURES, 'consistency'));

describe('transparency-dev/merkle test vectors', () => {
  it('are all present', () => {
    expect(inclusionFiles.length + consistencyFiles.length).toBeGreaterThanOrEqual(196);
  });

  describe('verifyInclusionProof', () => {
    it.each(inclusionFiles.map((file) => [relative(FIXTURES, file), file]))('%s', (_name, file) => {
      const v = readVector(file) as unknown as InclusionVector;
      const result = outcome(() => {
        verifyInclusionProof(v.leafHash, v.leafIdx, v.treeSize, v.proof, v.root);
      });
      expect(result).toBe(v.wantErr ? 'invalid_proof' : 'verified');
    });
  });

  describe('verifyConsistencyProof', () => {
    it.each(consistencyFiles.map((file) => [relative(FIXTURES, file), file]))('%s', (_name, file) => {
      const v = readVector(file) as unknown as ConsistencyVector;
      const result = outcome(() => {
        verifyConsistencyProof(v.size1, v.size2, v.proof, v.root1, v.root2);
      });
      expect(result).toBe(v.wantErr ? 'invalid_proof' : 'verified');
    });
  });
});
