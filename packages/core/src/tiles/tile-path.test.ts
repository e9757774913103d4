import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCoreError } from '../core-error.ts';
import { formatEntryBundlePath, formatTilePath, parseTilePath, type TilePath } from './tile-path.ts';

function format(tile: TilePath): string {
  return tile.kind === 'hash' ? formatTilePath(tile) : formatEntryBundlePath(tile);
}

describe('formatTilePath', () => {
  it('writes the index in zero-padded groups of three, all but the last with an x (c2sp.org/tlog-tiles)', () => {
    expect(formatTilePath({ level: 0, index: 1_234_067n })).toBe('tile/0/x001/x234/067');
    expect(formatTilePath({ level: 2, index: 0n })).toBe('tile/2/000');
    expect(formatTilePath({ level: 1, index: 1000n, width: 256 })).toBe('tile/1/x001/000');
  });

  it('adds .p/<W> for a partial tile', () => {
    expect(formatTilePath({ level: 0, index: 1_234_067n, width: 5 })).toBe('tile/0/x001/x234/067.p/5');
    expect(formatTilePath({ level: 63, index: 0n, width: 255 })).toBe('tile/63/000.p/255');
  });

  it.each([
    [{ level: 64, index: 0n }],
    [{ level: -1, index: 0n }],
    [{ level: 1.5, index: 0n }],
    [{ level: 0, index: -1n }],
    [{ level: 0, index: 0n, width: 0 }],
    [{ level: 0, index: 0n, width: 257 }],
    [{ level: 0, index: 0n, width: 2.5 }],
    [{ level: 7, index: 1n }],
    [{ level: 0, index: 1n << 56n }],
  ])('rejects %o with invalid_argument', (tile) => {
    expect(() => formatTilePath(tile)).toThrow(expect.objectContaining({ code: 'invalid_argument' }));
  });
});

describe('formatEntryBundlePath', () => {
  it('puts entry bundles under tile/entries', () => {
    expect(formatEntryBundlePath({ index: 1_234_067n })).toBe('tile/entries/x001/x234/067');
    expect(formatEntryBundlePath({ index: 7n, width: 1 })).toBe('tile/entries/007.p/1');
  });
});

describe('parseTilePath', () => {
  it.each([
    ['tile/0/x001/x234/067', { kind: 'hash', level: 0, index: 1_234_067n, width: 256 }],
    ['tile/0/x001/x234/067.p/5', { kind: 'hash', level: 0, index: 1_234_067n, width: 5 }],
    ['tile/63/000', { kind: 'hash', level: 63, index: 0n, width: 256 }],
    ['tile/7/000.p/255', { kind: 'hash', level: 7, index: 0n, width: 255 }],
    ['tile/0/x072/x057/x594/x037/x927/935', { kind: 'hash', level: 0, index: (1n << 56n) - 1n, width: 256 }],
    ['tile/entries/x001/000.p/17', { kind: 'entries', index: 1000n, width: 17 }],
  ])('reads %s', (path, expected) => {
    expect(parseTilePath(path)).toEqual(expected);
  });

  it.each([
    ['an empty path', ''],
    ['no index', 'tile/0'],
    ['another root', 'tiles/0/000'],
    ['a leading slash', '/tile/0/000'],
    ['a trailing slash', 'tile/0/000/'],
    ['a level with a leading zero', 'tile/00/000'],
    ['a level above 63', 'tile/64/000'],
    ['a signed level', 'tile/+1/000'],
    ['a level in another notation', 'tile/1e1/000'],
    ['an index group of two digits', 'tile/0/67'],
    ['an index group of four digits', 'tile/0/0067'],
    ['a leading x000 group', 'tile/0/x000/067'],
    ['an inner group without x', 'tile/0/001/234'],
    ['a last group with x', 'tile/0/x001'],
    ['a non-digit in a group', 'tile/0/0a1'],
    ['non-ASCII digits', 'tile/0/０６７'],
    ['width 0', 'tile/0/067.p/0'],
    ['width 256', 'tile/0/067.p/256'],
    ['a width with a leading zero', 'tile/0/067.p/05'],
    ['an empty width', 'tile/0/067.p/'],
    ['a missing width', 'tile/0/067.p'],
    ['a suffix on a non-final group', 'tile/0/x001.p/5/067'],
    ['more after the width', 'tile/0/067.p/5/6'],
    ['an index part that is only the suffix', 'tile/0/.p/5'],
    ['too many groups', 'tile/0/x001/x001/x001/x001/x001/x001/x001/001'],
    ['a level-0 tile past 2^64 leaves', 'tile/0/x072/x057/x594/x037/x927/936'],
    ['a level-7 tile past 2^64 leaves', 'tile/7/001'],
    ['a level-63 tile past 2^64 leaves', 'tile/63/001'],
    ['an entry bundle past 2^64 leaves', 'tile/entries/x072/x057/x594/x037/x927/936'],
    ['an over-long path', `tile/0/${'x001/'.repeat(20)}001`],
    ['a misspelt entries', 'tile/entry/000'],
    ['upper case', 'Tile/0/000'],
  ])('rejects %s with invalid_tile', (_what, path) => {
    expect(() => parseTilePath(path)).toThrow(expect.objectContaining({ code: 'invalid_tile' }));
  });

  it('round-trips every tile id it formats', () => {
    const tile = fc
      .integer({ min: 0, max: 7 })
      .chain((level) =>
        fc.record({
          kind: fc.constantFrom('hash' as const, 'entries' as const),
          level: fc.constant(level),
          index: fc.bigInt({ min: 0n, max: (1n << BigInt(64 - 8 * (level + 1))) - 1n }),
          width: fc.integer({ min: 1, max: 256 }),
        }),
      )
      .map((t): TilePath => (t.kind === 'hash' ? t : { kind: 'entries', index: t.index, width: t.width }));
    fc.assert(
      fc.property(tile, (t) => {
        expect(parseTilePath(format(t))).toEqual(t);
      }),
    );
  });

  it('throws only invalid_tile for arbitrary strings, and accepts only canonical ones', () => {
    const alphabet = fc.constantFrom(...'tile/entrsx.p0123456789'.split(''), '-', ' ', '０', '\u0000');
    const pathLike = fc.oneof(fc.string(), fc.string({ unit: alphabet, maxLength: 40 }));
    fc.assert(fc.property(pathLike, expectCanonicalOrInvalid), { numRuns: 3000 });
  });

  it('throws only invalid_tile for mutations of valid paths, and accepts only canonical ones', () => {
    const valid = fc
      .record({
        level: fc.integer({ min: 0, max: 3 }),
        index: fc.bigInt({ min: 0n, max: 1n << 30n }),
        width: fc.integer({ min: 1, max: 256 }),
      })
      .map((t) => formatTilePath(t));
    const mutated = fc
      .tuple(valid, fc.nat(), fc.constantFrom(...'/x.p0159'.split(''), ''), fc.boolean())
      .map(([path, at, char, insert]) => {
        const i = at % (path.length + 1);
        return path.slice(0, i) + char + path.slice(insert ? i : i + 1);
      });
    fc.assert(fc.property(mutated, expectCanonicalOrInvalid), { numRuns: 3000 });
  });
});

function expectCanonicalOrInvalid(path: string): void {
  let parsed: TilePath;
  try {
    parsed = parseTilePath(path);
  } catch (error) {
    expect(isCoreError(error, 'invalid_tile')).toBe(true);
    return;
  }
  expect(format(parsed)).toBe(path);
}
