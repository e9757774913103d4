// c2sp.org/tlog-cosignature, Ed25519 cosignature/v1 (signature type 0x04): a witness's note signature on a
// checkpoint. The signature bytes after the key ID are a timestamped_signature: u64 POSIX seconds, big-endian,
// then an Ed25519 signature over
//   "cosignature/v1\n" "time <seconds>\n" <the whole checkpoint note text>
import { ed25519 } from '#ed25519';
import { CoreError } from '../core-error.ts';
import { ED25519_SIGNATURE_LENGTH } from '../crypto/index.ts';
import { concatBytes, decodeUtf8, encodeUtf8, equalBytes } from '../encoding/index.ts';
import { parseCheckpoint } from './checkpoint.ts';
import { SIGNATURE_TYPE_COSIGNATURE_V1, parseVerifierKey, type VerifierKey } from './note-key.ts';
import { resolveSigningKey, type NamedSigningKey } from './note-signer.ts';
import { formatSignatureLine, parseSignatureLine } from './signed-note.ts';
import type { NoteKeySource, NoteSigner, NoteVerifier } from './note.types.ts';

const TIMESTAMP_LENGTH = 8;
/** The spec: a cosignature timestamp "MUST NOT exceed 2^63 - 1". */
export const MAX_COSIGNATURE_TIMESTAMP = 2n ** 63n - 1n;

/** A witness's cosigning key: name, type-0x04 key ID, public key and Ed25519 signer. */
export type Cosigner = NamedSigningKey;

/** A verifier of one witness's cosignatures, usable in `openNote` like any NoteVerifier. */
export interface CosignatureVerifier extends NoteVerifier {
  readonly publicKey: Uint8Array;
  /** The timestamp of a cosignature (the signature bytes after the key ID); `invalid_cosignature` if malformed. */
  timestampOf(signature: Uint8Array): bigint;
}

/** A verified cosignature. */
export interface Cosignature {
  readonly name: string;
  readonly keyHash: Uint8Array;
  /** POSIX seconds at which the witness cosigned. Verifiers may reject times in the future; core has no clock. */
  readonly timestamp: bigint;
  /** The timestamped_signature bytes: timestamp then Ed25519 signature. */
  readonly signature: Uint8Array;
}

function checkTimestamp(timestamp: bigint): void {
  if (timestamp < 0n || timestamp > MAX_COSIGNATURE_TIMESTAMP) {
    throw new CoreError('invalid_cosignature', 'a cosignature timestamp is between 0 and 2^63-1');
  }
}

/** The signed message for `body`, the checkpoint note text's UTF-8 bytes, final newline included. */
function cosignedMessage(body: Uint8Array, timestamp: bigint): Uint8Array {
  // "time", one space, and the timestamp in ASCII decimal with no leading zeroes (bigint's toString).
  return concatBytes(encodeUtf8(`cosignature/v1\ntime ${timestamp.toString()}\n`), body);
}

/** The spec: the cosigned body is "the whole note body of the cosigned checkpoint". */
function checkCheckpointBody(checkpointBody: string): void {
  parseCheckpoint(checkpointBody);
}

function isCheckpointBody(body: Uint8Array): boolean {
  try {
    checkCheckpointBody(decodeUtf8(body));
    return true;
  } catch {
    return false;
  }
}

/** The exact message a cosigner signs; exported for tests that check it byte for byte against the spec. */
export function encodeCosignedMessage(checkpointBody: string, timestamp: bigint): Uint8Array {
  checkCheckpointBody(checkpointBody);
  checkTimestamp(timestamp);
  return cosignedMessage(encodeUtf8(checkpointBody), timestamp);
}

/** Splits a timestamped_signature into its timestamp and Ed25519 signature. */
export function parseTimestampedSignature(signature: Uint8Array): {
  timestamp: bigint;
  signature: Uint8Array;
} {
  if (signature.length !== TIMESTAMP_LENGTH + ED25519_SIGNATURE_LENGTH) {
    throw new CoreError(
      'invalid_cosignature',
      'an Ed25519 cosignature is an 8-byte timestamp and 64-byte signature',
    );
  }
  const timestamp = new DataView(signature.buffer, signature.byteOffset, TIMESTAMP_LENGTH).getBigUint64(0);
  checkTimestamp(timestamp);
  return { timestamp, signature: signature.slice(TIMESTAMP_LENGTH) };
}

/** A cosigner from a type-0x04 signer key string, a seed, or an Ed25519Signer; its key ID is computed with 0x04. */
export function createCosigner(source: string | NoteKeySource): Promise<Cosigner> {
  return resolveSigningKey(source, SIGNATURE_TYPE_COSIGNATURE_V1);
}

async function signTimestamped(cosigner: Cosigner, body: Uint8Array, timestamp: bigint): Promise<Uint8Array> {
  const signature = await cosigner.signer.sign(cosignedMessage(body, timestamp));
  if (signature.length !== ED25519_SIGNATURE_LENGTH) {
    throw new CoreError('invalid_signature', `an Ed25519 signature is ${ED25519_SIGNATURE_LENGTH} bytes`);
  }
  const stamped = new Uint8Array(TIMESTAMP_LENGTH + ED25519_SIGNATURE_LENGTH);
  new DataView(stamped.buffer).setBigUint64(0, timestamp);
  stamped.set(signature, TIMESTAMP_LENGTH);
  return stamped;
}

/**
 * The cosignature line (newline included) for a checkpoint's note text at `timestamp` POSIX seconds, ready to
 * append to the checkpoint note. The witness's clock is the caller's: core reads none.
 */
export async function signCosignature(
  checkpointBody: string,
  timestamp: bigint,
  cosigner: Cosigner,
): Promise<string> {
  checkCheckpointBody(checkpointBody);
  checkTimestamp(timestamp);
  const signature = await signTimestamped(cosigner, encodeUtf8(checkpointBody), timestamp);
  return formatSignatureLine(cosigner.name, cosigner.keyHash, signature);
}

/** A NoteSigner that cosigns at a fixed timestamp, for `signNote`; it refuses texts that are not checkpoints. */
export function createCosignatureNoteSigner(cosigner: Cosigner, timestamp: bigint): NoteSigner {
  checkTimestamp(timestamp);
  return {
    name: cosigner.name,
    keyHash: cosigner.keyHash,
    sign: (message) => {
      checkCheckpointBody(decodeUtf8(message));
      return signTimestamped(cosigner, message, timestamp);
    },
  };
}

/** A cosignature verifier for an already parsed type-0x04 verifier key. */
export function createVerifierForCosignatureKey(key: VerifierKey): CosignatureVerifier {
  if (key.type !== SIGNATURE_TYPE_COSIGNATURE_V1) {
    throw new CoreError('invalid_key', 'a cosignature verifier key has signature type 0x04');
  }
  const { name, keyHash, publicKey } = key;
  return {
    name,
    keyHash,
    publicKey,
    timestampOf: (signature) => parseTimestampedSignature(signature).timestamp,
    verify: (message, signature) => {
      let parsed: { timestamp: bigint; signature: Uint8Array };
      try {
        parsed = parseTimestampedSignature(signature);
      } catch {
        return Promise.resolve(false);
      }
      // A cosignature covers a checkpoint and nothing else: on any other text it does not verify.
      if (!isCheckpointBody(message)) return Promise.resolve(false);
      return ed25519.verify(publicKey, cosignedMessage(message, parsed.timestamp), parsed.signature);
    },
  };
}

/** A verifier of cosignatures from a type-0x04 verifier key string. */
export function createCosignatureVerifier(vkey: string): CosignatureVerifier {
  return createVerifierForCosignatureKey(parseVerifierKey(vkey));
}

/**
 * Verifies one cosignature line (newline included), such as a witness returns from tlog-witness
 * add-checkpoint, against the checkpoint note text it cosigns. Throws `invalid_checkpoint` if the body is not
 * a checkpoint and `invalid_cosignature` if the line is malformed, from another key, or does not verify.
 */
export async function verifyCosignature(
  checkpointBody: string,
  signatureLine: string,
  verifier: CosignatureVerifier,
): Promise<Cosignature> {
  checkCheckpointBody(checkpointBody);
  // Neither a key name nor base64 holds a newline, so a parsed line is exactly one line.
  const line = signatureLine.endsWith('\n') ? parseSignatureLine(signatureLine.slice(0, -1)) : undefined;
  if (line === undefined) {
    throw new CoreError('invalid_cosignature', 'a cosignature is one note signature line');
  }
  if (line.name !== verifier.name || !equalBytes(line.keyHash, verifier.keyHash)) {
    throw new CoreError('invalid_cosignature', 'the cosignature is not from this cosigner key');
  }
  const { timestamp } = parseTimestampedSignature(line.signature);
  if (!(await verifier.verify(encodeUtf8(checkpointBody), line.signature))) {
    throw new CoreError('invalid_cosignature', 'the cosignature does not verify');
  }
  return { name: line.name, keyHash: line.keyHash, timestamp, signature: line.signature };
}
