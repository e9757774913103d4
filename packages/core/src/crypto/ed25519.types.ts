/**
 * Ed25519 (RFC 8032) behind a small interface, so that the same core code signs and verifies with node:crypto
 * on the server and with WebCrypto (or @noble/curves where WebCrypto lacks Ed25519) in browsers.
 *
 * Private keys are 32-byte seeds (RFC 8032 §5.1.5), the form C2SP signer keys carry. A browser client that
 * keeps a non-extractable CryptoKey instead implements `Ed25519Signer` itself.
 */
export interface Ed25519Signer {
  /** The raw 32-byte public key. */
  readonly publicKey: Uint8Array;
  /** A 64-byte signature over `message`. Deterministic (RFC 8032): the same message gives the same bytes. */
  sign(message: Uint8Array): Promise<Uint8Array>;
}

export interface Ed25519 {
  /** A signer for a 32-byte seed. Throws `invalid_key` for a seed of the wrong length. */
  createSigner(seed: Uint8Array): Promise<Ed25519Signer>;
  /**
   * Whether `signature` is a valid signature of `message` by `publicKey`. Malformed keys and signatures
   * (wrong lengths, non-canonical encodings) verify as false rather than throwing: to a verifier they are
   * just signatures that do not verify.
   */
  verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): Promise<boolean>;
}

export const ED25519_PUBLIC_KEY_LENGTH = 32;
export const ED25519_SEED_LENGTH = 32;
export const ED25519_SIGNATURE_LENGTH = 64;

/**
 * The DER prefix of a PKCS #8 PrivateKeyInfo for id-Ed25519 (RFC 8410 §7): followed by the 32-byte seed, it is
 * the form node:crypto and WebCrypto import private keys in.
 */
export const ED25519_PKCS8_PREFIX: Readonly<Uint8Array> = Uint8Array.of(
  0x30,
  0x2e,
  0x02,
  0x01,
  0x00,
  0x30,
  0x05,
  0x06,
  0x03,
  0x2b,
  0x65,
  0x70,
  0x04,
  0x22,
  0x04,
  0x20,
);
