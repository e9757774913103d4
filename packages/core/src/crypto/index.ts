export { sha256 } from '#sha256';
export { ed25519 } from '#ed25519';
export { computeKeyId } from './key-id.ts';
export {
  ED25519_PKCS8_PREFIX,
  ED25519_PUBLIC_KEY_LENGTH,
  ED25519_SEED_LENGTH,
  ED25519_SIGNATURE_LENGTH,
  type Ed25519,
  type Ed25519Signer,
} from './ed25519.types.ts';
