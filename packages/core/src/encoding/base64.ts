import { CoreError } from '../core-error.ts';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const decodeTable = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) decodeTable[ALPHABET.charCodeAt(i)] = i;

/** Standard, padded base64 (RFC 4648 §4). */
export function encodeBase64(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + ALPHABET[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + '==';
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + '=';
  }
  return out;
}

function sextet(text: string, index: number): number {
  const code = text.charCodeAt(index);
  const value = code < 128 ? decodeTable[code]! : -1;
  if (value < 0) throw new CoreError('invalid_base64', `invalid base64 character at offset ${index}`);
  return value;
}

/**
 * Strict standard base64 decoding (RFC 4648 §3.3, §3.5): the length is a multiple of four, padding appears
 * only at the end, no whitespace or URL-safe characters, and the unused bits of the last sextet are zero,
 * so every byte string has exactly one accepted encoding. Signed notes and tiles depend on that uniqueness.
 */
export function decodeBase64(text: string): Uint8Array {
  if (text.length % 4 !== 0) throw new CoreError('invalid_base64', 'base64 length is not a multiple of 4');
  if (text.length === 0) return new Uint8Array(0);
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - padding);
  let o = 0;
  const fullQuads = padding === 0 ? text.length : text.length - 4;
  for (let i = 0; i < fullQuads; i += 4) {
    const n =
      (sextet(text, i) << 18) |
      (sextet(text, i + 1) << 12) |
      (sextet(text, i + 2) << 6) |
      sextet(text, i + 3);
    out[o++] = n >> 16;
    out[o++] = (n >> 8) & 255;
    out[o++] = n & 255;
  }
  if (padding === 2) {
    const a = sextet(text, fullQuads);
    const b = sextet(text, fullQuads + 1);
    if ((b & 15) !== 0) throw new CoreError('invalid_base64', 'non-canonical base64: trailing bits are set');
    out[o] = (a << 2) | (b >> 4);
  } else if (padding === 1) {
    const a = sextet(text, fullQuads);
    const b = sextet(text, fullQuads + 1);
    const c = sextet(text, fullQuads + 2);
    if ((c & 3) !== 0) throw new CoreError('invalid_base64', 'non-canonical base64: trailing bits are set');
    out[o++] = (a << 2) | (b >> 4);
    out[o] = ((b & 15) << 4) | (c >> 2);
  }
  return out;
}
