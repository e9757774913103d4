import {
  SIGNATURE_TYPE_COSIGNATURE_V1,
  createCosignatureVerifier,
  createCosigner,
  parseSignerKey,
  parseVerifierKey,
  signCosignature,
  verifyCosignature,
} from '@jmm/core';
import { describe, expect, it } from 'vitest';
import { generateWitnessKey } from './generate-witness-key.ts';

const CHECKPOINT = 'log.example/test\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';

describe('generateWitnessKey', () => {
  it('returns a matching pair of type-0x04 note key strings', async () => {
    const { signerKey, verifierKey } = generateWitnessKey('witness.example/w1');
    const signer = await parseSignerKey(signerKey);
    const verifier = parseVerifierKey(verifierKey);
    expect(signer.type).toBe(SIGNATURE_TYPE_COSIGNATURE_V1);
    expect(verifier).toEqual({
      name: 'witness.example/w1',
      keyHash: signer.keyHash,
      type: SIGNATURE_TYPE_COSIGNATURE_V1,
      publicKey: signer.publicKey,
    });
  });

  it('makes keys whose cosignatures verify with the verifier key', async () => {
    const { signerKey, verifierKey } = generateWitnessKey('w');
    const line = await signCosignature(CHECKPOINT, 1n, await createCosigner(signerKey));
    await expect(
      verifyCosignature(CHECKPOINT, line, createCosignatureVerifier(verifierKey)),
    ).resolves.toBeDefined();
  });

  it('makes a new key every time', () => {
    expect(generateWitnessKey('w').signerKey).not.toBe(generateWitnessKey('w').signerKey);
  });

  it.each(['', 'has space', 'has+plus'])('refuses the key name %j', (name) => {
    expect(() => generateWitnessKey(name)).toThrow(
      expect.objectContaining({ code: 'invalid_configuration' }) as Error,
    );
  });
});
