import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CoreError } from '../core-error.ts';
import { canonicalizeJson, parseJson } from './jcs.ts';

/** Decodes an IEEE 754 double from its 16-hex-digit bit pattern, as RFC 8785 Appendix B lists them. */
function doubleFromBits(hex: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
}

describe('canonicalizeJson (RFC 8785)', () => {
  it('produces the RFC 8785 §3.2.4 example output', () => {
    const input = parseJson(
      '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],' +
        ' "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/", "literals": [null, true, false]}',
    );
    expect(canonicalizeJson(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it('sorts property names by UTF-16 code units (RFC 8785 §3.2.3 example)', () => {
    const input = parseJson(
      '{"\\u20ac": "Euro Sign", "\\r": "Carriage Return", "\\ufb33": "Hebrew Letter Dalet With Dagesh",' +
        ' "1": "One", "\\ud83d\\ude00": "Emoji: Grinning Face", "\\u0080": "Control",' +
        ' "\\u00f6": "Latin Small Letter O With Diaeresis"}',
    );
    // (JSON.parse would reorder the integer-like name "1", so the order is checked on the text itself.)
    expect(canonicalizeJson(input)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
        '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  // RFC 8785 Appendix B: IEEE 754 bit patterns and their canonical serialisation.
  it.each([
    ['0000000000000000', '0'],
    ['8000000000000000', '0'],
    ['0000000000000001', '5e-324'],
    ['8000000000000001', '-5e-324'],
    ['7fefffffffffffff', '1.7976931348623157e+308'],
    ['ffefffffffffffff', '-1.7976931348623157e+308'],
    ['4340000000000000', '9007199254740992'],
    ['c340000000000000', '-9007199254740992'],
    ['4430000000000000', '295147905179352830000'],
    ['44b52d02c7e14af5', '9.999999999999997e+22'],
    ['44b52d02c7e14af6', '1e+23'],
    ['44b52d02c7e14af7', '1.0000000000000001e+23'],
    ['444b1ae4d6e2ef4e', '999999999999999700000'],
    ['444b1ae4d6e2ef4f', '999999999999999900000'],
    ['444b1ae4d6e2ef50', '1e+21'],
    ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
    ['3eb0c6f7a0b5ed8d', '0.000001'],
    ['41b3de4355555553', '333333333.3333332'],
    ['41b3de4355555554', '333333333.33333325'],
    ['41b3de4355555555', '333333333.3333333'],
    ['41b3de4355555556', '333333333.3333334'],
    ['41b3de4355555557', '333333333.33333343'],
    ['becbf647612f3696', '-0.0000033333333333333333'],
    ['43143ff3c1cb0959', '1424953923781206.2'],
  ])('serialises the double 0x%s as %s (Appendix B)', (bits, expected) => {
    expect(canonicalizeJson(doubleFromBits(bits))).toBe(expected);
  });

  it.each([
    ['7fffffffffffffff', 'NaN'],
    ['7ff0000000000000', 'Infinity'],
  ])('rejects the non-finite double 0x%s (%s) with invalid_json', (bits) => {
    expect(() => canonicalizeJson(doubleFromBits(bits))).toThrow(
      expect.objectContaining({ code: 'invalid_json' }),
    );
  });

  it('rejects lone surrogates in strings and names', () => {
    expect(() => canonicalizeJson('a\ud800')).toThrow(expect.objectContaining({ code: 'invalid_json' }));
    expect(() => canonicalizeJson({ '\udc00': 1 })).toThrow(
      expect.objectContaining({ code: 'invalid_json' }),
    );
    expect(canonicalizeJson('\ud83d\ude00')).toBe('"\ud83d\ude00"');
  });

  it('rejects values that are not JSON', () => {
    for (const value of [undefined, () => 1, Symbol('s'), 1n, new Date(0), new Map()]) {
      expect(() => canonicalizeJson(value)).toThrow(CoreError);
    }
  });

  it('omits undefined members and accepts null-prototype objects', () => {
    const bare = Object.create(null) as Record<string, unknown>;
    bare.b = 1;
    bare.a = undefined;
    expect(canonicalizeJson(bare)).toBe('{"b":1}');
  });

  it('bounds nesting depth with size_limit', () => {
    let deep: unknown = 0;
    for (let i = 0; i < 10; i++) deep = [deep];
    expect(canonicalizeJson(deep, 10)).toBe('[[[[[[[[[[0]]]]]]]]]]');
    expect(() => canonicalizeJson(deep, 9)).toThrow(expect.objectContaining({ code: 'size_limit' }));
  });

  it('is idempotent: canonical text parses back to the same canonical text', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const once = canonicalizeJson(value);
        expect(canonicalizeJson(parseJson(once, { maxDepth: 1000 }))).toBe(once);
      }),
    );
  });
});

describe('parseJson', () => {
  it('parses JSON text', () => {
    expect(parseJson('{"a":[1,"x",null,true]}')).toEqual({ a: [1, 'x', null, true] });
  });

  it.each(['', '{', "{'a':1}", '[1,]', 'NaN', '01', '"\\x"'])('rejects %j with invalid_json', (text) => {
    expect(() => parseJson(text)).toThrow(expect.objectContaining({ code: 'invalid_json' }));
  });

  it('rejects escaped lone surrogates in strings and names', () => {
    expect(() => parseJson('["\\ud800"]')).toThrow(expect.objectContaining({ code: 'invalid_json' }));
    expect(() => parseJson('{"\\udfff":1}')).toThrow(expect.objectContaining({ code: 'invalid_json' }));
  });

  it('bounds length and depth with size_limit', () => {
    expect(() => parseJson('[1,2,3]', { maxLength: 6 })).toThrow(
      expect.objectContaining({ code: 'size_limit' }),
    );
    expect(() => parseJson('[[[1]]]', { maxDepth: 2 })).toThrow(
      expect.objectContaining({ code: 'size_limit' }),
    );
    expect(parseJson('[[[1]]]', { maxDepth: 3 })).toEqual([[[1]]]);
    // Far deeper than any stack: still a typed error, never a RangeError.
    expect(() => parseJson('['.repeat(200_000) + ']'.repeat(200_000), { maxLength: 1e6 })).toThrow(CoreError);
  });

  it('throws only CoreError on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        try {
          parseJson(text);
        } catch (error) {
          expect(error).toBeInstanceOf(CoreError);
        }
      }),
    );
  });
});
