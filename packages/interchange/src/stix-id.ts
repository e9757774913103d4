import { encodeHex, encodeUtf8, sha256 } from '@jmm/core';

/**
 * A deterministic STIX identifier (STIX 2.1 §2.9: `type--UUID`) for what `key` names, usually a statement digest,
 * so exporting the same record twice gives the same id and consumers merge rather than duplicate it.
 *
 * STIX asks for UUIDv4 for SDOs, and the identifier schema admits versions 1–5 only, so the name-based
 * UUIDv8 of RFC 9562 is not allowed; UUIDv5 would need SHA-1, which @jmm/core does not carry. The id is
 * therefore the first 16 bytes of SHA-256(`jmm-stix-id`‖LF‖type‖LF‖key) with the version bits set to 4 and the
 * variant bits to RFC 9562's (10xx): shaped like a UUIDv4 and as unpredictable as one to anyone without the
 * key, but derived, not random.
 */
export function deriveStixId(type: string, key: string): string {
  const bytes = sha256(encodeUtf8(`jmm-stix-id\n${type}\n${key}`)).slice(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = encodeHex(bytes);
  return `${type}--${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
