import { computeKeyId, decodeBase64, ed25519, encodeBase64, encodeUtf8 } from '@jmm/core';

/**
 * A member's key moved between devices or kept as a backup: the Ed25519 seed encrypted under a passphrase
 * (PBKDF2-SHA-256 → AES-256-GCM, WebCrypto). The org, member and public key are bound as AES-GCM additional
 * data, so a file edited to claim another identity does not decrypt. The CLI's plain `jmm-member-key` file
 * (apps/cli) is accepted on import as well.
 */
export interface EncryptedKeyFile {
  readonly kind: 'jmm-member-key-encrypted';
  readonly version: 1;
  readonly origin: string;
  readonly org: string;
  readonly member: string;
  readonly public_key: string;
  readonly key_id: string;
  readonly kdf: {
    readonly name: 'PBKDF2';
    readonly hash: 'SHA-256';
    readonly iterations: number;
    readonly salt: string;
  };
  readonly cipher: { readonly name: 'AES-GCM'; readonly iv: string };
  readonly ciphertext: string;
}

/** What a key file yields once opened: the seed (kept only long enough to make a non-extractable key). */
export interface OpenedKey {
  readonly org: string | undefined;
  readonly member: string | undefined;
  readonly seed: Uint8Array;
  readonly publicKey: Uint8Array;
  readonly keyId: string;
}

export class KeyFileError extends Error {
  constructor(
    readonly code: 'malformed' | 'wrong_passphrase' | 'key_mismatch' | 'weak_passphrase',
    message: string,
  ) {
    super(message);
    this.name = 'KeyFileError';
  }
}

/** OWASP's 2023 figure for PBKDF2-HMAC-SHA256; a key file is opened rarely, so the cost is affordable. */
const PBKDF2_ITERATIONS = 600_000;
const MAX_ITERATIONS = 10_000_000;
export const MIN_PASSPHRASE_LENGTH = 12;
const MAX_KEY_FILE_BYTES = 8192;

function bytes(value: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(value);
}

function additionalData(
  file: Pick<EncryptedKeyFile, 'origin' | 'org' | 'member' | 'public_key'>,
): Uint8Array<ArrayBuffer> {
  return bytes(
    encodeUtf8(JSON.stringify(['jmm-key-file/v1', file.origin, file.org, file.member, file.public_key])),
  );
}

async function deriveKey(passphrase: string, salt: Uint8Array, iterations: number): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey('raw', bytes(encodeUtf8(passphrase)), 'PBKDF2', false, [
    'deriveKey',
  ]);
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt: bytes(salt), iterations },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

export async function encryptKeyFile(
  identity: { origin: string; org: string; member: string },
  seed: Uint8Array,
  passphrase: string,
): Promise<EncryptedKeyFile> {
  if (passphrase.length < MIN_PASSPHRASE_LENGTH)
    throw new KeyFileError(
      'weak_passphrase',
      `a passphrase has at least ${MIN_PASSPHRASE_LENGTH} characters`,
    );
  const { publicKey } = await ed25519.createSigner(seed);
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const header = {
    origin: identity.origin,
    org: identity.org,
    member: identity.member,
    public_key: encodeBase64(publicKey),
  };
  const key = await deriveKey(passphrase, salt, PBKDF2_ITERATIONS);
  const ciphertext = new Uint8Array(
    await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv, additionalData: additionalData(header) },
      key,
      bytes(seed),
    ),
  );
  return {
    kind: 'jmm-member-key-encrypted',
    version: 1,
    ...header,
    key_id: computeKeyId(publicKey),
    kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations: PBKDF2_ITERATIONS, salt: encodeBase64(salt) },
    cipher: { name: 'AES-GCM', iv: encodeBase64(iv) },
    ciphertext: encodeBase64(ciphertext),
  };
}

function field(object: Record<string, unknown>, name: string): string {
  const value = object[name];
  if (typeof value !== 'string' || value.length > 1024)
    throw new KeyFileError('malformed', `the key file has no valid "${name}"`);
  return value;
}

function decode(value: string, name: string): Uint8Array {
  try {
    return decodeBase64(value);
  } catch {
    throw new KeyFileError('malformed', `"${name}" is not base64`);
  }
}

async function checkSeed(
  seed: Uint8Array,
  publicKeyText: string,
): Promise<{ publicKey: Uint8Array; keyId: string }> {
  if (seed.length !== 32) throw new KeyFileError('malformed', 'the key is not a 32-byte Ed25519 seed');
  const { publicKey } = await ed25519.createSigner(seed);
  if (encodeBase64(publicKey) !== publicKeyText)
    throw new KeyFileError('key_mismatch', 'the key does not match the public key the file names');
  return { publicKey, keyId: computeKeyId(publicKey) };
}

/** Opens an encrypted key file with its passphrase, or a CLI key file (no passphrase needed). */
export async function openKeyFile(text: string, passphrase: string): Promise<OpenedKey> {
  if (text.length > MAX_KEY_FILE_BYTES)
    throw new KeyFileError('malformed', 'this is too large to be a key file');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new KeyFileError('malformed', 'this is not a key file (not JSON)');
  }
  if (typeof parsed !== 'object' || parsed === null)
    throw new KeyFileError('malformed', 'this is not a key file');
  const file = parsed as Record<string, unknown>;
  const optional = (name: string) => (typeof file[name] === 'string' ? file[name] : undefined);
  if (file.kind === 'jmm-member-key') {
    const seed = decode(field(file, 'seed'), 'seed');
    return {
      org: optional('org'),
      member: optional('member'),
      seed,
      ...(await checkSeed(seed, field(file, 'public_key'))),
    };
  }
  if (file.kind !== 'jmm-member-key-encrypted' || file.version !== 1)
    throw new KeyFileError('malformed', 'this is not a JMM key file');
  const header = {
    origin: field(file, 'origin'),
    org: field(file, 'org'),
    member: field(file, 'member'),
    public_key: field(file, 'public_key'),
  };
  const kdf = file.kdf as Record<string, unknown> | undefined;
  const cipher = file.cipher as Record<string, unknown> | undefined;
  const iterations = kdf?.iterations;
  if (
    typeof iterations !== 'number' ||
    !Number.isInteger(iterations) ||
    iterations < 100_000 ||
    iterations > MAX_ITERATIONS ||
    cipher === undefined ||
    kdf === undefined
  )
    throw new KeyFileError('malformed', 'the key file names no usable key derivation');
  const key = await deriveKey(passphrase, decode(field(kdf, 'salt'), 'salt'), iterations);
  let seed: Uint8Array;
  try {
    seed = new Uint8Array(
      await crypto.subtle.decrypt(
        {
          name: 'AES-GCM',
          iv: bytes(decode(field(cipher, 'iv'), 'iv')),
          additionalData: additionalData(header),
        },
        key,
        bytes(decode(field(file, 'ciphertext'), 'ciphertext')),
      ),
    );
  } catch {
    throw new KeyFileError('wrong_passphrase', 'the passphrase is wrong, or the file was altered');
  }
  return { org: header.org, member: header.member, seed, ...(await checkSeed(seed, header.public_key)) };
}
