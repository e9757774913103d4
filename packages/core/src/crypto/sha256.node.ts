// The Node build of `#sha256` (package.json "imports"): node:crypto's native SHA-256.
import { createHash } from 'node:crypto';

/** SHA-256 of the concatenation of `parts`. */
export function sha256(...parts: readonly Uint8Array[]): Uint8Array {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  // Copy out of the Buffer so callers get a plain Uint8Array (Buffer compares and serialises differently).
  return new Uint8Array(hash.digest());
}
