// The DSSE JSON envelope (secure-systems-lab/dsse envelope.md) as JMM stores it: the statement's identity is
// the SHA-256 of the envelope's RFC 8785 form (DESIGN.md §3), so parsing admits exactly one spelling of each
// envelope. Two deliberate departures from DSSE's permissive rules follow from that, and both are rejections,
// never different verdicts on a signature:
// - base64 is standard and padded only (RFC 4648 §4), not also URL-safe: otherwise one signed statement would
//   have two digests, and resubmitting it would not be idempotent;
// - the field set is exact ({payload, payloadType, signatures}, each signature {keyid, sig}) where DSSE says
//   to ignore unknown fields: unknown fields are unsigned, yet would change the digest.
// `keyid` is required and non-empty here (DSSE allows it unset): JMM's keyid names the signer's key (§3).
import { sha256 } from '#sha256';
import { CoreError } from '../core-error.ts';
import { ED25519_SIGNATURE_LENGTH } from '../crypto/index.ts';
import { canonicalizeJson, decodeBase64, encodeHex, encodeUtf8, parseJson } from '../encoding/index.ts';

/** One signature of an envelope: the signer's key ID and the base64 signature over the PAE. */
export interface EnvelopeSignature {
  readonly keyid: string;
  readonly sig: string;
}

/** A DSSE envelope: base64 payload, its type, and one or more signatures. */
export interface Envelope {
  readonly payload: string;
  readonly payloadType: string;
  readonly signatures: readonly EnvelopeSignature[];
}

/** Bounds applied by `parseEnvelope`; the caller's policy, e.g. 64 KiB payloads and one signature. */
export interface EnvelopeBounds {
  /** Most decoded payload bytes. */
  readonly maxPayloadBytes: number;
  /** Most signatures, at least 1. */
  readonly maxSignatures: number;
}

export const MAX_PAYLOAD_TYPE_LENGTH = 256;
export const MAX_KEYID_LENGTH = 256;
// Media types and URIs (what DSSE asks payload types to be) are printable ASCII; key IDs have no spaces.
const PAYLOAD_TYPE = /^[\x20-\x7e]+$/;
const KEYID = /^[\x21-\x7e]+$/;
const SIGNATURE_BASE64_LENGTH = 4 * Math.ceil(ED25519_SIGNATURE_LENGTH / 3);
// Room in JSON text for member names, punctuation, escapes and pretty-printing beyond the bounded values.
const JSON_SLACK = 4096;
const JSON_SLACK_PER_SIGNATURE = 256;

/** Whether `payloadType` is a non-empty, bounded, printable-ASCII payload type. */
export function isValidPayloadType(payloadType: string): boolean {
  return payloadType.length <= MAX_PAYLOAD_TYPE_LENGTH && PAYLOAD_TYPE.test(payloadType);
}

/** Whether `keyid` is a non-empty, bounded key ID without spaces. */
export function isValidKeyId(keyid: string): boolean {
  return keyid.length <= MAX_KEYID_LENGTH && KEYID.test(keyid);
}

function invalid(message: string, cause?: unknown): CoreError {
  return new CoreError('invalid_envelope', message, cause === undefined ? undefined : { cause });
}

function base64Length(bytes: number): number {
  return 4 * Math.ceil(bytes / 3);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

function hasExactly(value: Record<string, unknown>, names: readonly string[]): boolean {
  const own = Object.keys(value);
  return own.length === names.length && names.every((name) => Object.hasOwn(value, name));
}

function checkBounds(bounds: EnvelopeBounds): void {
  if (!Number.isSafeInteger(bounds.maxPayloadBytes) || bounds.maxPayloadBytes < 0) {
    throw new CoreError('invalid_argument', 'maxPayloadBytes must be a non-negative integer');
  }
  if (!Number.isSafeInteger(bounds.maxSignatures) || bounds.maxSignatures < 1) {
    throw new CoreError('invalid_argument', 'maxSignatures must be a positive integer');
  }
}

function parsePayload(payload: unknown, maxPayloadBytes: number): string {
  if (typeof payload !== 'string') throw invalid('payload must be a base64 string');
  if (payload.length > base64Length(maxPayloadBytes)) {
    throw new CoreError('size_limit', `the payload exceeds ${maxPayloadBytes} bytes`);
  }
  let bytes: Uint8Array;
  try {
    bytes = decodeBase64(payload);
  } catch (cause) {
    throw invalid('payload is not standard padded base64', cause);
  }
  if (bytes.length > maxPayloadBytes)
    throw new CoreError('size_limit', `the payload exceeds ${maxPayloadBytes} bytes`);
  return payload;
}

function parseSignature(value: unknown): EnvelopeSignature {
  if (!isPlainObject(value) || !hasExactly(value, ['keyid', 'sig'])) {
    throw invalid('a signature is an object with exactly keyid and sig');
  }
  const { keyid, sig } = value;
  if (typeof keyid !== 'string' || !isValidKeyId(keyid)) {
    throw invalid(`keyid must be 1 to ${MAX_KEYID_LENGTH} printable ASCII characters without spaces`);
  }
  if (typeof sig !== 'string' || sig.length !== SIGNATURE_BASE64_LENGTH) {
    throw invalid(`sig must be the base64 of a ${ED25519_SIGNATURE_LENGTH}-byte Ed25519 signature`);
  }
  try {
    decodeBase64(sig);
  } catch (cause) {
    throw invalid('sig is not standard padded base64', cause);
  }
  return { keyid, sig };
}

/**
 * Parses an untrusted envelope, given as JSON text or as an already parsed JSON value, into a typed
 * envelope, or throws `invalid_envelope` (malformed), `size_limit` (over `bounds`) or `invalid_json`.
 * It checks shape only; `verifyEnvelope` checks signatures, and the caller checks the payload type is one it
 * supports (DSSE protocol.md). Duplicate member names in the text resolve as JSON.parse does (the last wins);
 * the envelope's identity is its canonical re-serialisation, so that is unambiguous within JMM.
 */
export function parseEnvelope(input: unknown, bounds: EnvelopeBounds): Envelope {
  checkBounds(bounds);
  const value =
    typeof input === 'string'
      ? parseJson(input, {
          maxLength:
            base64Length(bounds.maxPayloadBytes) +
            6 * MAX_PAYLOAD_TYPE_LENGTH +
            bounds.maxSignatures *
              (6 * MAX_KEYID_LENGTH + SIGNATURE_BASE64_LENGTH + JSON_SLACK_PER_SIGNATURE) +
            JSON_SLACK,
          maxDepth: 8,
        })
      : input;
  if (!isPlainObject(value) || !hasExactly(value, ['payload', 'payloadType', 'signatures'])) {
    throw invalid('an envelope is an object with exactly payload, payloadType and signatures');
  }
  const payload = parsePayload(value.payload, bounds.maxPayloadBytes);
  const { payloadType, signatures } = value;
  if (typeof payloadType !== 'string' || !isValidPayloadType(payloadType)) {
    throw invalid(`payloadType must be 1 to ${MAX_PAYLOAD_TYPE_LENGTH} printable ASCII characters`);
  }
  if (!Array.isArray(signatures) || signatures.length === 0) {
    throw invalid('signatures must be a non-empty array');
  }
  if (signatures.length > bounds.maxSignatures) {
    throw new CoreError('size_limit', `an envelope carries at most ${bounds.maxSignatures} signatures`);
  }
  const parsed = signatures.map(parseSignature);
  if (new Set(parsed.map((signature) => signature.keyid)).size !== parsed.length) {
    throw invalid('two signatures share a keyid');
  }
  return { payload, payloadType, signatures: parsed };
}

/** The envelope's RFC 8785 (JCS) text: the form JMM stores, hashes and serves. Only the DSSE fields are written. */
export function serializeEnvelope(envelope: Envelope): string {
  return canonicalizeJson({
    payload: envelope.payload,
    payloadType: envelope.payloadType,
    signatures: envelope.signatures.map(({ keyid, sig }) => ({ keyid, sig })),
  });
}

/** The statement's identity (DESIGN.md §3): "sha256:" and the lowercase hex SHA-256 of the JCS envelope. */
export function computeEnvelopeDigest(envelope: Envelope): string {
  return `sha256:${encodeHex(sha256(encodeUtf8(serializeEnvelope(envelope))))}`;
}
