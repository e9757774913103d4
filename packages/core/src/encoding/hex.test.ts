import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CoreError, isCoreError } from '../core-error.ts';
import { decodeHex, encodeHex } from './hex.ts';

describe('encodeHex', () => {
  it('writes lowercase digits, two per byte', () => {
    expect(encodeHex(Uint8Array.of(0x00, 0x0f, 0xa5, 0xff))).toBe('000fa5ff');
    expect(encodeHex(new Uint8Array(0))).toBe('');
  });
});

describe('decodeHex', () => {
  it('reads either case', () => {
    expect(decodeHex('000FA5ff')).toEqual(Uint8Array.of(0x00, 0x0f, 0xa5, 0xff));
  });
  it.each(['0', 'zz', '0g', 'ä0', ' 00'])('rejects %j with invalid_hex', (text) => {
    expect(() => decodeHex(text)).toThrow(expect.objectContaining({ code: 'invalid_hex' }));
  });
  it('rejects a string of the wrong decoded length when one is required', () => {
    let caught: unknown;
    try {
      decodeHex('00', 2);
    } catch (error) {
      caught = error;
    }
    expect(isCoreError(caught, 'invalid_hex')).toBe(true);
  });
});

describe('hex round trips', () => {
  it('decodes what it encodes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect(decodeHex(encodeHex(bytes))).toEqual(bytes);
      }),
    );
  });

  it('throws only CoreError on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (text) => {
        try {
          expect(encodeHex(decodeHex(text))).toBe(text.toLowerCase());
        } catch (error) {
          expect(error).toBeInstanceOf(CoreError);
        }
      }),
    );
  });
});
