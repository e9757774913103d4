import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CoreError } from '../core-error.ts';
import { decodeBase64, encodeBase64 } from './base64.ts';
import { encodeUtf8 } from './bytes.ts';

// RFC 4648 §10 test vectors.
const RFC4648 = [
  ['', ''],
  ['f', 'Zg=='],
  ['fo', 'Zm8='],
  ['foo', 'Zm9v'],
  ['foob', 'Zm9vYg=='],
  ['fooba', 'Zm9vYmE='],
  ['foobar', 'Zm9vYmFy'],
] as const;

describe('encodeBase64', () => {
  it.each(RFC4648)('encodes %j as %j (RFC 4648 §10)', (text, encoded) => {
    expect(encodeBase64(encodeUtf8(text))).toBe(encoded);
  });
  it('uses the standard alphabet with + and /', () => {
    expect(encodeBase64(Uint8Array.of(0xfb, 0xff))).toBe('+/8=');
  });
});

describe('decodeBase64', () => {
  it.each(RFC4648)('decodes %j from %j (RFC 4648 §10)', (text, encoded) => {
    expect(decodeBase64(encoded)).toEqual(encodeUtf8(text));
  });

  it.each([
    ['Zg', 'missing padding'],
    ['Zg=', 'short padding'],
    ['Zh==', 'non-zero trailing bits (one byte)'],
    ['Zm9=', 'non-zero trailing bits (two bytes)'],
    ['Zm 9v', 'whitespace'],
    ['Zm9v\n', 'newline'],
    ['-_8=', 'URL-safe alphabet'],
    ['Z===', 'too much padding'],
    ['=Zm9', 'padding first'],
    ['Zm=v', 'padding inside'],
    ['Zm9vä===', 'non-ASCII'],
  ])('rejects %j (%s) with invalid_base64', (encoded) => {
    expect(() => decodeBase64(encoded)).toThrow(expect.objectContaining({ code: 'invalid_base64' }));
  });

  it('round-trips any bytes, and accepts exactly one encoding of each', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        const encoded = encodeBase64(bytes);
        expect(decodeBase64(encoded)).toEqual(bytes);
        expect(encodeBase64(decodeBase64(encoded))).toBe(encoded);
      }),
    );
  });

  it('throws only CoreError on arbitrary strings, and what it accepts re-encodes identically', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (text) => {
        try {
          expect(encodeBase64(decodeBase64(text))).toBe(text);
        } catch (error) {
          expect(error).toBeInstanceOf(CoreError);
        }
      }),
    );
  });
});
