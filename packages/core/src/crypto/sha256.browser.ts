// The browser build of `#sha256` (package.json "imports"): WebCrypto's digest is asynchronous only, and Merkle
// code needs a synchronous hash, so browsers use the audited pure-JS @noble/hashes implementation.
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';

/** SHA-256 of the concatenation of `parts`. */
export function sha256(...parts: readonly Uint8Array[]): Uint8Array {
  const hash = nobleSha256.create();
  for (const part of parts) hash.update(part);
  return hash.digest();
}
