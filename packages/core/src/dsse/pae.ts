import { CoreError } from '../core-error.ts';
import { concatBytes, encodeUtf8 } from '../encoding/index.ts';

const LONE_SURROGATE = /\p{Surrogate}/u;

/**
 * DSSE's Pre-Authentication Encoding (secure-systems-lab/dsse protocol.md), the bytes a DSSE signature covers:
 *   "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body
 * where LEN is the ASCII decimal byte length without leading zeros and type is the UTF-8 payload type. The
 * lengths make the encoding injective, so no (type, body) pair can pass for another.
 */
export function encodePae(payloadType: string, payload: Uint8Array): Uint8Array {
  // A lone surrogate would become U+FFFD in UTF-8, so two different types could sign as the same bytes.
  if (LONE_SURROGATE.test(payloadType)) {
    throw new CoreError('invalid_envelope', 'a payload type must be valid Unicode');
  }
  const type = encodeUtf8(payloadType);
  return concatBytes(encodeUtf8(`DSSEv1 ${type.length} `), type, encodeUtf8(` ${payload.length} `), payload);
}
