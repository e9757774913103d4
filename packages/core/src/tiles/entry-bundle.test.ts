import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCoreError } from '../core-error.ts';
import { decodeHex } from '../encoding/index.ts';
import { MAX_ENTRY_LENGTH, decodeEntryBundle, encodeEntryBundle } from './entry-bundle.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('encodeEntryBundle', () => {
  it('prefixes each entry with its length as a big-endian uint16 (c2sp.org/tlog-tiles)', () => {
    expect(encodeEntryBundle([bytes('a'), new Uint8Array(0), bytes('bc')])).toEqual(
      decodeHex('000161000000026263'),
    );
  });

  it('carries entries of up to 65,535 bytes and up to 256 entries', () => {
    const largest = new Uint8Array(MAX_ENTRY_LENGTH).fill(7);
    const encoded = encodeEntryBundle([largest]);
    expect(encoded.subarray(0, 2)).toEqual(Uint8Array.of(0xff, 0xff));
    expect(decodeEntryBundle(encoded, 1)).toEqual([largest]);
    const many = Array.from({ length: 256 }, (_, i) => Uint8Array.of(i));
    expect(decodeEntryBundle(encodeEntryBundle(many), 256)).toEqual(many);
  });

  it('rejects an entry over 65,535 bytes with size_limit', () => {
    expect(() => encodeEntryBundle([new Uint8Array(MAX_ENTRY_LENGTH + 1)])).toThrow(
      expect.objectContaining({ code: 'size_limit' }),
    );
  });

  it('rejects more than 256 entries with size_limit', () => {
    expect(() => encodeEntryBundle(Array.from({ length: 257 }, () => new Uint8Array(1)))).toThrow(
      expect.objectContaining({ code: 'size_limit' }),
    );
  });

  it('rejects an empty bundle with invalid_argument', () => {
    expect(() => encodeEntryBundle([])).toThrow(expect.objectContaining({ code: 'invalid_argument' }));
  });
});

describe('decodeEntryBundle', () => {
  it('returns copies of the entries, not views of the bundle', () => {
    const bundle = decodeHex('00026263');
    const [entry] = decodeEntryBundle(bundle);
    bundle[2] = 0;
    expect(entry).toEqual(bytes('bc'));
  });

  it.each([
    ['an empty bundle', ''],
    ['a cut length prefix', '000161' + '00'],
    ['a cut entry', '0003616263'.slice(0, 8)],
    ['a length beyond the data', 'ffff00'],
  ])('rejects %s with invalid_tile', (_what, hex) => {
    expect(() => decodeEntryBundle(decodeHex(hex))).toThrow(
      expect.objectContaining({ code: 'invalid_tile' }),
    );
  });

  it('rejects more than 256 entries with invalid_tile', () => {
    expect(() => decodeEntryBundle(new Uint8Array(2 * 257))).toThrow(
      expect.objectContaining({ code: 'invalid_tile' }),
    );
  });

  it('rejects a bundle without the expected number of entries with invalid_tile', () => {
    const bundle = encodeEntryBundle([bytes('a'), bytes('b')]);
    expect(decodeEntryBundle(bundle, 2)).toHaveLength(2);
    expect(() => decodeEntryBundle(bundle, 3)).toThrow(expect.objectContaining({ code: 'invalid_tile' }));
    expect(() => decodeEntryBundle(bundle, 1)).toThrow(expect.objectContaining({ code: 'invalid_tile' }));
  });

  it.each([0, 257, 1.5])('rejects an expected count of %s with invalid_argument', (count) => {
    expect(() => decodeEntryBundle(decodeHex('000161'), count)).toThrow(
      expect.objectContaining({ code: 'invalid_argument' }),
    );
  });

  it('round-trips any list of 1 to 256 entries', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 300 }), { minLength: 1, maxLength: 256 }),
        (entries) => {
          expect(decodeEntryBundle(encodeEntryBundle(entries), entries.length)).toEqual(entries);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('throws only invalid_tile for arbitrary or mutated bytes, and accepts only bundles that re-encode exactly', () => {
    const valid = fc
      .array(fc.uint8Array({ maxLength: 20 }), { minLength: 1, maxLength: 8 })
      .map(encodeEntryBundle);
    const mutated = fc
      .tuple(valid, fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('set', 'cut', 'add'))
      .map(([bundle, at, value, kind]) => {
        const i = at % (bundle.length + 1);
        if (kind === 'cut') return bundle.subarray(0, i);
        if (kind === 'add') return Uint8Array.of(...bundle.subarray(0, i), value, ...bundle.subarray(i));
        const copy = bundle.slice();
        if (i < copy.length) copy[i] = value;
        return copy;
      });
    fc.assert(
      fc.property(
        fc.oneof(fc.uint8Array({ maxLength: 600 }), mutated),
        fc.option(fc.integer({ min: 1, max: 256 })),
        (input, count) => {
          let entries: Uint8Array[];
          try {
            entries = decodeEntryBundle(input, count ?? undefined);
          } catch (error) {
            expect(isCoreError(error, 'invalid_tile')).toBe(true);
            return;
          }
          expect(encodeEntryBundle(entries)).toEqual(input);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
