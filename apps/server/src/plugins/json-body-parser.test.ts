import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exceedsJsonDepth } from './json-body-parser.ts';

/** The nesting of a parsed JSON value, computed the obvious way: the specification of the scanner. */
function depthOf(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  const children = Array.isArray(value) ? (value as unknown[]) : Object.values(value);
  return 1 + Math.max(0, ...children.map(depthOf));
}

describe('exceedsJsonDepth', () => {
  it('agrees with the depth of the parsed value, for any JSON text and bound', () => {
    fc.assert(
      fc.property(
        fc.jsonValue({ maxDepth: 8 }),
        fc.integer({ min: 0, max: 10 }),
        fc.boolean(),
        (value, maxDepth, pretty) => {
          const text = JSON.stringify(value, null, pretty ? 2 : undefined);
          expect(exceedsJsonDepth(text, maxDepth)).toBe(depthOf(value) > maxDepth);
        },
      ),
      { numRuns: 500 },
    );
  });

  describe('when brackets and quotes appear inside strings', () => {
    it('does not count them', () => {
      const value = { text: '[[[{{{ \\" "[[[', nested: [['"]]]}}}\\']] };
      expect(exceedsJsonDepth(JSON.stringify(value), 3)).toBe(false);
      expect(exceedsJsonDepth(JSON.stringify(value), 2)).toBe(true);
    });
  });

  describe('when a 4 MiB body nests two million levels', () => {
    it('refuses it at the first level past the bound', () => {
      const half = 2 * 1024 * 1024;
      expect(exceedsJsonDepth('['.repeat(half) + ']'.repeat(half), 32)).toBe(true);
      expect(exceedsJsonDepth('['.repeat(32) + ']'.repeat(32), 32)).toBe(false);
    });
  });

  describe('when the text is malformed', () => {
    it('never lets closing brackets buy depth for later opening ones', () => {
      expect(exceedsJsonDepth(']]]]' + '['.repeat(5), 4)).toBe(true);
    });
  });
});
