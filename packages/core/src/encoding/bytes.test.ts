import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CoreError } from '../core-error.ts';
import { concatBytes, decodeUtf8, encodeUtf8, equalBytes } from './bytes.ts';

describe('encodeUtf8 / decodeUtf8', () => {
  it('round-trips text outside the BMP', () => {
    expect(decodeUtf8(encodeUtf8('پښتو — 😀'))).toBe('پښتو — 😀');
  });
  it('rejects malformed UTF-8 with invalid_utf8 instead of substituting U+FFFD', () => {
    expect(() => decodeUtf8(Uint8Array.of(0xc3, 0x28))).toThrow(
      expect.objectContaining({ code: 'invalid_utf8' }),
    );
    expect(() => decodeUtf8(Uint8Array.of(0xed, 0xa0, 0x80))).toThrow(
      expect.objectContaining({ code: 'invalid_utf8' }),
    );
  });
  it('throws only CoreError on arbitrary bytes, and what it accepts re-encodes identically', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        try {
          expect(encodeUtf8(decodeUtf8(bytes))).toEqual(bytes);
        } catch (error) {
          expect(error).toBeInstanceOf(CoreError);
        }
      }),
    );
  });

  it('keeps a leading byte order mark as a character', () => {
    expect(decodeUtf8(Uint8Array.of(0xef, 0xbb, 0xbf, 0x61))).toBe('\ufeffa');
  });
});

describe('concatBytes', () => {
  it('joins arrays in order', () => {
    expect(concatBytes(Uint8Array.of(1), new Uint8Array(0), Uint8Array.of(2, 3))).toEqual(
      Uint8Array.of(1, 2, 3),
    );
  });
});

describe('equalBytes', () => {
  it('compares length and content', () => {
    expect(equalBytes(Uint8Array.of(1, 2), Uint8Array.of(1, 2))).toBe(true);
    expect(equalBytes(Uint8Array.of(1, 2), Uint8Array.of(1, 3))).toBe(false);
    expect(equalBytes(Uint8Array.of(1, 2), Uint8Array.of(1))).toBe(false);
  });
});
