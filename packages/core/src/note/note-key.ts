// Key names, key IDs and the text encodings of note keys (c2sp.org/signed-note, golang.org/x/mod/sumdb/note):
//   verifier key  <name>+<hex key ID>+base64(<signature type> || <public key>)
//   signer key    PRIVATE+KEY+<name>+<hex key ID>+base64(<signature type> || <Ed25519 seed>)
import { sha256 } from '#sha256';
import { ed25519 } from '#ed25519';
import { CoreError } from '../core-error.ts';
import { ED25519_PUBLIC_KEY_LENGTH, ED25519_SEED_LENGTH } from '../crypto/index.ts';
import {
  concatBytes,
  decodeBase64,
  encodeBase64,
  encodeHex,
  encodeUtf8,
  equalBytes,
} from '../encoding/index.ts';

/** c2sp.org/signed-note §Signature types: 0x01, Ed25519 signatures over the note text. */
export const SIGNATURE_TYPE_ED25519 = 0x01;
/** c2sp.org/signed-note §Signature types: 0x04, timestamped Ed25519 cosignatures (c2sp.org/tlog-cosignature). */
export const SIGNATURE_TYPE_COSIGNATURE_V1 = 0x04;
/** The signature types this package implements; the spec asks implementations to select only those they need. */
export type NoteSignatureType = typeof SIGNATURE_TYPE_ED25519 | typeof SIGNATURE_TYPE_COSIGNATURE_V1;

/** A key ID is a big-endian uint32; kept as its four bytes so it is compared and hex-encoded without casts. */
export const NOTE_KEY_HASH_LENGTH = 4;

// Ed25519 key strings are short (name + 54 characters); the bound only stops a hostile configuration value
// from being hashed and decoded at any length.
const MAX_KEY_STRING_LENGTH = 4096;
const SIGNER_KEY_PREFIX = 'PRIVATE+KEY+';
const KEY_HASH_HEX = /^[0-9a-f]{8}$/;
// c2sp.org/signed-note §Format: key names are non-empty and contain no Unicode spaces (the White_Space property,
// which is what Go's unicode.IsSpace tests) and no '+'. We also refuse ASCII control characters, which a note
// may not contain anyway, and lone surrogates, which have no UTF-8 encoding.
// eslint-disable-next-line no-control-regex -- the control characters are exactly what the pattern excludes
const KEY_NAME = /^[^\p{White_Space}+\u0000-\u001F\uD800-\uDFFF]+$/u;

/** A parsed verifier key (vkey). */
export interface VerifierKey {
  readonly name: string;
  readonly keyHash: Uint8Array;
  readonly type: NoteSignatureType;
  /** The raw 32-byte Ed25519 public key, without the type byte. */
  readonly publicKey: Uint8Array;
}

/** A parsed signer key. Secret: never log it, and never put it in an error message. */
export interface SignerKey {
  readonly name: string;
  readonly keyHash: Uint8Array;
  readonly type: NoteSignatureType;
  /** The 32-byte Ed25519 seed (RFC 8032 §5.1.5). */
  readonly seed: Uint8Array;
  /** The public key derived from the seed, which the key ID was checked against. */
  readonly publicKey: Uint8Array;
}

/** Whether `name` may name a note key (and so appear in a signature line). */
export function isValidNoteKeyName(name: string): boolean {
  return KEY_NAME.test(name);
}

function checkKeyName(name: string): void {
  if (!isValidNoteKeyName(name)) {
    throw new CoreError(
      'invalid_key',
      'a key name must be non-empty, without spaces, "+" or control characters',
    );
  }
}

function checkSignatureType(type: number): asserts type is NoteSignatureType {
  if (type !== SIGNATURE_TYPE_ED25519 && type !== SIGNATURE_TYPE_COSIGNATURE_V1) {
    throw new CoreError('invalid_key', `unsupported note signature type ${type}`);
  }
}

function checkPublicKey(publicKey: Uint8Array): void {
  if (publicKey.length !== ED25519_PUBLIC_KEY_LENGTH) {
    throw new CoreError('invalid_key', `an Ed25519 public key is ${ED25519_PUBLIC_KEY_LENGTH} bytes`);
  }
}

/**
 * The key ID that c2sp.org/signed-note recommends and c2sp.org/tlog-cosignature requires:
 * SHA-256(key name || 0x0A || signature type || public key)[:4]. Hashing the type keeps one Ed25519 key used
 * for two signature types from sharing an ID.
 */
export function computeNoteKeyHash(name: string, type: NoteSignatureType, publicKey: Uint8Array): Uint8Array {
  return sha256(encodeUtf8(name), Uint8Array.of(0x0a, type), publicKey).slice(0, NOTE_KEY_HASH_LENGTH);
}

/** The verifier key string for an Ed25519 public key of the given signature type. */
export function formatVerifierKey(
  name: string,
  publicKey: Uint8Array,
  type: NoteSignatureType = SIGNATURE_TYPE_ED25519,
): string {
  checkKeyName(name);
  checkSignatureType(type);
  checkPublicKey(publicKey);
  const keyHash = computeNoteKeyHash(name, type, publicKey);
  return `${name}+${encodeHex(keyHash)}+${encodeBase64(concatBytes(Uint8Array.of(type), publicKey))}`;
}

interface KeyFields {
  name: string;
  keyHash: Uint8Array;
  type: NoteSignatureType;
  key: Uint8Array;
}

/**
 * Splits `name+hash+base64` on the first two '+' only: the base64 part may itself contain '+'
 * (sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8). What it checks: the name, an
 * eight-digit lowercase hex key ID (as formatted by every implementation), strict base64 and a known type.
 */
function splitKeyFields(text: string, what: string): KeyFields {
  const first = text.indexOf('+');
  const second = first < 0 ? -1 : text.indexOf('+', first + 1);
  if (second < 0) throw new CoreError('invalid_key', `a ${what} has the form name+keyid+key`);
  const name = text.slice(0, first);
  const hashHex = text.slice(first + 1, second);
  checkKeyName(name);
  if (!KEY_HASH_HEX.test(hashHex)) {
    throw new CoreError('invalid_key', `the key ID of a ${what} is eight lowercase hex digits`);
  }
  let typed: Uint8Array;
  try {
    typed = decodeBase64(text.slice(second + 1));
  } catch (cause) {
    throw new CoreError('invalid_key', `the key material of a ${what} is not strict base64`, { cause });
  }
  const type = typed[0] ?? -1;
  checkSignatureType(type);
  const keyHash = new Uint8Array(NOTE_KEY_HASH_LENGTH);
  for (let i = 0; i < NOTE_KEY_HASH_LENGTH; i++) keyHash[i] = parseInt(hashHex.slice(2 * i, 2 * i + 2), 16);
  return { name, keyHash, type, key: typed.subarray(1) };
}

function checkKeyStringLength(text: string): void {
  if (text.length > MAX_KEY_STRING_LENGTH) {
    throw new CoreError('size_limit', `a key string exceeds ${MAX_KEY_STRING_LENGTH} characters`);
  }
}

function checkKeyHash(fields: KeyFields, publicKey: Uint8Array, what: string): void {
  if (!equalBytes(fields.keyHash, computeNoteKeyHash(fields.name, fields.type, publicKey))) {
    throw new CoreError('invalid_key', `the key ID of the ${what} does not match its name and key`);
  }
}

/** Parses a verifier key string, checking that its key ID matches its name, type and public key. */
export function parseVerifierKey(vkey: string): VerifierKey {
  checkKeyStringLength(vkey);
  const fields = splitKeyFields(vkey, 'verifier key');
  checkPublicKey(fields.key);
  const publicKey = fields.key.slice();
  checkKeyHash(fields, publicKey, 'verifier key');
  return { name: fields.name, keyHash: fields.keyHash, type: fields.type, publicKey };
}

/** The signer key string for an Ed25519 seed. Asynchronous because the key ID needs the derived public key. */
export async function formatSignerKey(
  name: string,
  seed: Uint8Array,
  type: NoteSignatureType = SIGNATURE_TYPE_ED25519,
): Promise<string> {
  checkKeyName(name);
  checkSignatureType(type);
  const { publicKey } = await ed25519.createSigner(seed);
  const keyHash = computeNoteKeyHash(name, type, publicKey);
  return `${SIGNER_KEY_PREFIX}${name}+${encodeHex(keyHash)}+${encodeBase64(concatBytes(Uint8Array.of(type), seed))}`;
}

/**
 * Parses a signer key string. Asynchronous because, as in Go's note.NewSigner, the key ID is checked against
 * the public key derived from the seed: a key string whose ID does not match would sign notes that no
 * verifier could attribute.
 */
export async function parseSignerKey(skey: string): Promise<SignerKey> {
  checkKeyStringLength(skey);
  if (!skey.startsWith(SIGNER_KEY_PREFIX)) {
    throw new CoreError('invalid_key', `a signer key starts with ${SIGNER_KEY_PREFIX}`);
  }
  const fields = splitKeyFields(skey.slice(SIGNER_KEY_PREFIX.length), 'signer key');
  if (fields.key.length !== ED25519_SEED_LENGTH) {
    throw new CoreError('invalid_key', `an Ed25519 seed is ${ED25519_SEED_LENGTH} bytes`);
  }
  const seed = fields.key.slice();
  const { publicKey } = await ed25519.createSigner(seed);
  checkKeyHash(fields, publicKey, 'signer key');
  return { name: fields.name, keyHash: fields.keyHash, type: fields.type, seed, publicKey };
}
