import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

/** One signature check as the server meets it: a cached public key, a statement-sized PAE, a signature. */
export interface VerifyCase {
  readonly publicKey: KeyObject;
  readonly message: Buffer;
  readonly signature: Buffer;
}

/** Keys as many as the load's signers, messages as long as a member.enroll PAE (≈ 450 bytes). */
const KEYS = 30;
const MESSAGE_BYTES = 450;

export function createVerifyCases(count = 256): VerifyCase[] {
  const keys = Array.from({ length: KEYS }, () => generateKeyPairSync('ed25519'));
  return Array.from({ length: count }, (_, i) => {
    const key = keys[i % KEYS]!;
    const message = randomBytes(MESSAGE_BYTES);
    return { publicKey: key.publicKey, message, signature: sign(null, message, key.privateKey) };
  });
}
