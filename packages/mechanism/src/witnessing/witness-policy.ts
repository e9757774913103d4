import type { StoredCosignature } from '@jmm/storage';

/**
 * The settings' witness policy (DESIGN.md §4): a checkpoint is final once a witness of every organisation the
 * policy names has cosigned it. An empty policy asks for nothing, so every checkpoint meets it.
 */
export function meetsWitnessPolicy(
  cosignatures: readonly Pick<StoredCosignature, 'witnessOrg'>[],
  policy: readonly string[],
): boolean {
  const orgs = new Set(cosignatures.map((cosignature) => cosignature.witnessOrg));
  return policy.every((org) => orgs.has(org));
}

/** The organisations whose witnesses cosigned, each once, in order of first appearance. */
export function listWitnessOrgs(cosignatures: readonly Pick<StoredCosignature, 'witnessOrg'>[]): string[] {
  return [...new Set(cosignatures.map((cosignature) => cosignature.witnessOrg))];
}

/** A checkpoint note with its cosignature lines appended: c2sp.org/tlog-cosignature adds them as signatures. */
export function appendCosignatures(
  note: string,
  cosignatures: readonly Pick<StoredCosignature, 'signatureLine'>[],
): string {
  return note + cosignatures.map((cosignature) => cosignature.signatureLine).join('');
}
