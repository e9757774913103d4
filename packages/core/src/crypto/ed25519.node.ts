// The Node build of `#ed25519` (package.json "imports"): node:crypto's native Ed25519, with a small cache of
// parsed public keys because a log verifies many statements from few members.
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { CoreError } from '../core-error.ts';
import { concatBytes, encodeHex } from '../encoding/index.ts';
import {
  ED25519_PUBLIC_KEY_LENGTH,
  ED25519_SEED_LENGTH,
  ED25519_SIGNATURE_LENGTH,
  type Ed25519,
  type Ed25519Signer,
  ED25519_PKCS8_PREFIX,
} from './ed25519.types.ts';

// DER prefix of SubjectPublicKeyInfo for id-Ed25519 (RFC 8410 §4); PKCS #8 is ED25519_PKCS8_PREFIX.
const SPKI_PREFIX = Uint8Array.of(0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00);
const KEY_CACHE_LIMIT = 1024;
const publicKeyCache = new Map<string, KeyObject>();

function toPublicKeyObject(publicKey: Uint8Array): KeyObject {
  const cacheKey = encodeHex(publicKey);
  let keyObject = publicKeyCache.get(cacheKey);
  if (keyObject === undefined) {
    keyObject = createPublicKey({
      key: Buffer.from(concatBytes(SPKI_PREFIX, publicKey)),
      format: 'der',
      type: 'spki',
    });
    if (publicKeyCache.size >= KEY_CACHE_LIMIT) publicKeyCache.clear();
    publicKeyCache.set(cacheKey, keyObject);
  }
  return keyObject;
}

/** Synchronous verification, for callers (the sequencer's parallel checks, benchmarks) that batch their own work. */
export function verifyEd25519Sync(
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
): boolean {
  if (publicKey.length !== ED25519_PUBLIC_KEY_LENGTH || signature.length !== ED25519_SIGNATURE_LENGTH)
    return false;
  try {
    return verify(null, message, toPublicKeyObject(publicKey), signature);
  } catch {
    // node:crypto throws for public keys that are not valid curve points; to a verifier that is a failure.
    return false;
  }
}

export const ed25519: Ed25519 = {
  createSigner(seed: Uint8Array): Promise<Ed25519Signer> {
    if (seed.length !== ED25519_SEED_LENGTH) {
      return Promise.reject(new CoreError('invalid_key', `an Ed25519 seed is ${ED25519_SEED_LENGTH} bytes`));
    }
    const privateKey = createPrivateKey({
      key: Buffer.from(concatBytes(ED25519_PKCS8_PREFIX, seed)),
      format: 'der',
      type: 'pkcs8',
    });
    const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
    const publicKey = new Uint8Array(spki.subarray(SPKI_PREFIX.length));
    return Promise.resolve({
      publicKey,
      sign: (message: Uint8Array) => Promise.resolve(new Uint8Array(sign(null, message, privateKey))),
    });
  },
  verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): Promise<boolean> {
    if (publicKey.length !== ED25519_PUBLIC_KEY_LENGTH || signature.length !== ED25519_SIGNATURE_LENGTH) {
      return Promise.resolve(false);
    }
    let keyObject: KeyObject;
    try {
      keyObject = toPublicKeyObject(publicKey);
    } catch {
      return Promise.resolve(false);
    }
    // With a callback, node:crypto verifies on libuv's thread pool: concurrent submissions use every core
    // while the event loop keeps serving requests (DESIGN.md §4: signature checks run in parallel).
    return new Promise((resolve) => {
      verify(null, message, keyObject, signature, (error, valid) => {
        resolve(error === null && valid);
      });
    });
  },
};
