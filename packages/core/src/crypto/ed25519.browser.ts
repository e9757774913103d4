// The browser build of `#ed25519` (package.json "imports"): WebCrypto Ed25519 where the browser has it,
// @noble/curves (audited, pure JS) where it does not. Both produce and accept identical RFC 8032 signatures.
import { ed25519 as nobleEd25519 } from '@noble/curves/ed25519.js';
import { CoreError } from '../core-error.ts';
import { concatBytes } from '../encoding/index.ts';
import {
  ED25519_PUBLIC_KEY_LENGTH,
  ED25519_SEED_LENGTH,
  ED25519_SIGNATURE_LENGTH,
  type Ed25519,
  type Ed25519Signer,
  ED25519_PKCS8_PREFIX,
} from './ed25519.types.ts';

const ALGORITHM = { name: 'Ed25519' } as const;

/** Copies into a fresh ArrayBuffer-backed array, the only kind WebCrypto's types accept. */
function toBufferSource(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(bytes);
}

const nobleImplementation: Ed25519 = {
  createSigner(seed) {
    if (seed.length !== ED25519_SEED_LENGTH) {
      return Promise.reject(new CoreError('invalid_key', `an Ed25519 seed is ${ED25519_SEED_LENGTH} bytes`));
    }
    const secret = Uint8Array.from(seed);
    return Promise.resolve({
      publicKey: nobleEd25519.getPublicKey(secret),
      sign: (message) => Promise.resolve(nobleEd25519.sign(message, secret)),
    });
  },
  verify(publicKey, message, signature) {
    if (publicKey.length !== ED25519_PUBLIC_KEY_LENGTH || signature.length !== ED25519_SIGNATURE_LENGTH) {
      return Promise.resolve(false);
    }
    try {
      // zip215: false gives RFC 8032 strict verification, the rule node:crypto (OpenSSL) applies.
      return Promise.resolve(nobleEd25519.verify(signature, message, publicKey, { zip215: false }));
    } catch {
      return Promise.resolve(false);
    }
  },
};

/**
 * An Ed25519 implementation over a WebCrypto `SubtleCrypto`, falling back to @noble/curves for any operation
 * the SubtleCrypto does not support. Exported for tests, which drive both paths.
 */
export function createWebEd25519(subtle: SubtleCrypto | undefined): Ed25519 {
  if (subtle === undefined) return nobleImplementation;
  let supported: Promise<boolean> | undefined;
  const probe = (): Promise<boolean> =>
    (supported ??= subtle.generateKey(ALGORITHM, false, ['sign', 'verify']).then(
      () => true,
      () => false,
    ));

  return {
    async createSigner(seed): Promise<Ed25519Signer> {
      if (!(await probe())) return nobleImplementation.createSigner(seed);
      if (seed.length !== ED25519_SEED_LENGTH) {
        throw new CoreError('invalid_key', `an Ed25519 seed is ${ED25519_SEED_LENGTH} bytes`);
      }
      const privateKey = await subtle.importKey(
        'pkcs8',
        toBufferSource(concatBytes(ED25519_PKCS8_PREFIX, seed)),
        ALGORITHM,
        false,
        ['sign'],
      );
      return {
        // WebCrypto cannot derive the public key of a non-extractable private key; noble can, from the seed.
        publicKey: nobleEd25519.getPublicKey(Uint8Array.from(seed)),
        sign: async (message) =>
          new Uint8Array(await subtle.sign(ALGORITHM, privateKey, toBufferSource(message))),
      };
    },
    async verify(publicKey, message, signature) {
      if (!(await probe())) return nobleImplementation.verify(publicKey, message, signature);
      if (publicKey.length !== ED25519_PUBLIC_KEY_LENGTH || signature.length !== ED25519_SIGNATURE_LENGTH)
        return false;
      try {
        const key = await subtle.importKey('raw', toBufferSource(publicKey), ALGORITHM, false, ['verify']);
        return await subtle.verify(ALGORITHM, key, toBufferSource(signature), toBufferSource(message));
      } catch {
        return false;
      }
    },
  };
}

// Old browsers and non-secure contexts have no `crypto.subtle`; they get the pure-JS implementation.
export const ed25519: Ed25519 = createWebEd25519(
  'crypto' in globalThis ? globalThis.crypto.subtle : undefined,
);
