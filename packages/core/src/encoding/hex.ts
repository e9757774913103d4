import { CoreError } from '../core-error.ts';

const HEX_DIGITS = '0123456789abcdef';
const byteToHex: string[] = Array.from({ length: 256 }, (_, i) => HEX_DIGITS[i >> 4]! + HEX_DIGITS[i & 15]!);

/** Lowercase hex of the bytes. */
export function encodeHex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += byteToHex[byte]!;
  return out;
}

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48; // 0-9
  if (code >= 97 && code <= 102) return code - 87; // a-f
  if (code >= 65 && code <= 70) return code - 55; // A-F
  return -1;
}

/**
 * Decodes hex (either case). Odd lengths and non-hex characters are `invalid_hex`.
 * `expectedLength`, when given, is the required number of decoded bytes.
 */
export function decodeHex(text: string, expectedLength?: number): Uint8Array {
  if (text.length % 2 !== 0) throw new CoreError('invalid_hex', 'hex string has an odd length');
  if (expectedLength !== undefined && text.length !== expectedLength * 2) {
    throw new CoreError('invalid_hex', `hex string must encode ${expectedLength} bytes`);
  }
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) {
    const hi = hexValue(text.charCodeAt(2 * i));
    const lo = hexValue(text.charCodeAt(2 * i + 1));
    if (hi < 0 || lo < 0) throw new CoreError('invalid_hex', 'hex string contains a non-hex character');
    out[i] = (hi << 4) | lo;
  }
  return out;
}
