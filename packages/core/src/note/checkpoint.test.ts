import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CoreError, type CoreErrorCode } from '../core-error.ts';
import { decodeBase64, encodeBase64 } from '../encoding/index.ts';
import { formatCheckpoint, parseCheckpoint } from './checkpoint.ts';
import { hasOnlyNoteCharacters } from './note-text.ts';

// expect.objectContaining is typed `any`; as an Error it is what toThrow accepts.
const coreError = (code: CoreErrorCode): Error =>
  expect.objectContaining({ name: 'CoreError', code }) as Error;

// The c2sp.org/tlog-checkpoint example (CC BY 4.0).
const SPEC_BODY = 'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';
const ROOT = decodeBase64('CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=');

describe('parseCheckpoint', () => {
  it('reads the spec example', () => {
    expect(parseCheckpoint(SPEC_BODY)).toEqual({
      origin: 'example.com/behind-the-sofa',
      treeSize: 20852163n,
      rootHash: ROOT,
      extensions: [],
    });
  });

  it('reads extension lines in order, and origins that are not URLs', () => {
    const checkpoint = parseCheckpoint(`my log (test)\n0\n${encodeBase64(ROOT)}\nfirst\nsecond ext\n`);
    expect(checkpoint.origin).toBe('my log (test)');
    expect(checkpoint.treeSize).toBe(0n);
    expect(checkpoint.extensions).toEqual(['first', 'second ext']);
  });

  it('reads the largest uint64 tree size', () => {
    expect(parseCheckpoint(`o\n18446744073709551615\n${encodeBase64(ROOT)}\n`).treeSize).toBe(2n ** 64n - 1n);
  });

  const root = encodeBase64(ROOT);
  it.each([
    ['no final newline', `o\n1\n${root}`],
    ['two lines', 'o\n1\n'],
    ['an empty origin', `\n1\n${root}\n`],
    ['an origin with a control character', `o\x7f\x01\n1\n${root}\n`],
    ['an origin with a lone surrogate', `o\uD800\n1\n${root}\n`],
    ['a leading zero', `o\n01\n${root}\n`],
    ['a sign', `o\n+1\n${root}\n`],
    ['a negative size', `o\n-1\n${root}\n`],
    ['a hex size', `o\n0x10\n${root}\n`],
    ['a size with a space', `o\n 1\n${root}\n`],
    ['an empty size', `o\n\n${root}\n`],
    ['2^64', `o\n18446744073709551616\n${root}\n`],
    ['a 21-digit size', `o\n100000000000000000000\n${root}\n`],
    ['a 31-byte root', `o\n1\n${encodeBase64(ROOT.subarray(1))}\n`],
    ['a 33-byte root', `o\n1\n${encodeBase64(new Uint8Array(33))}\n`],
    ['a URL-safe root', `o\n1\n${root.replace('/', '_')}\n`],
    ['an unpadded root', `o\n1\n${root.slice(0, -1)}\n`],
    ['an empty extension line', `o\n1\n${root}\n\n`],
    ['an empty line between extensions', `o\n1\n${root}\na\n\nb\n`],
    ['a CRLF line ending', `o\r\n1\n${root}\n`],
  ])('rejects %s with invalid_checkpoint', (_, text) => {
    expect(() => parseCheckpoint(text)).toThrow(coreError('invalid_checkpoint'));
  });

  it('rejects texts over 64 KiB with size_limit', () => {
    expect(() => parseCheckpoint(`o\n1\n${root}\n${'x'.repeat(1 << 16)}\n`)).toThrow(coreError('size_limit'));
  });

  it('throws only CoreError for arbitrary and mutated texts', () => {
    const mutated = fc
      .tuple(
        fc.nat({ max: SPEC_BODY.length }),
        fc.nat({ max: 3 }),
        fc.string({ unit: 'binary', maxLength: 3 }),
      )
      .map(([at, remove, insert]) => SPEC_BODY.slice(0, at) + insert + SPEC_BODY.slice(at + remove));
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), mutated), (text) => {
        try {
          const checkpoint = parseCheckpoint(text);
          // Whatever parses formats back to the same text: there is one spelling of each checkpoint.
          expect(formatCheckpoint(checkpoint)).toBe(text);
        } catch (error) {
          expect(error).toBeInstanceOf(CoreError);
        }
      }),
    );
  });
});

describe('formatCheckpoint', () => {
  it('writes the spec example', () => {
    expect(
      formatCheckpoint({ origin: 'example.com/behind-the-sofa', treeSize: 20852163n, rootHash: ROOT }),
    ).toBe(SPEC_BODY);
  });

  it('writes extension lines after the root hash', () => {
    const text = formatCheckpoint({ origin: 'o', treeSize: 0n, rootHash: ROOT, extensions: ['x', 'y'] });
    expect(text).toBe(`o\n0\n${encodeBase64(ROOT)}\nx\ny\n`);
  });

  it('round-trips through parseCheckpoint', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }).filter((s) => hasOnlyNoteCharacters(s) && !s.includes('\n')),
        fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        (origin, treeSize, rootHash) => {
          const checkpoint = { origin, treeSize, rootHash, extensions: [] };
          expect(parseCheckpoint(formatCheckpoint(checkpoint))).toEqual(checkpoint);
        },
      ),
    );
  });

  it.each([
    ['an empty origin', { origin: '', treeSize: 1n, rootHash: ROOT }],
    ['a two-line origin', { origin: 'a\nb', treeSize: 1n, rootHash: ROOT }],
    ['a negative size', { origin: 'o', treeSize: -1n, rootHash: ROOT }],
    ['a size over 2^64-1', { origin: 'o', treeSize: 2n ** 64n, rootHash: ROOT }],
    ['a short root hash', { origin: 'o', treeSize: 1n, rootHash: new Uint8Array(31) }],
    ['an empty extension', { origin: 'o', treeSize: 1n, rootHash: ROOT, extensions: [''] }],
    ['a multi-line extension', { origin: 'o', treeSize: 1n, rootHash: ROOT, extensions: ['a\nb'] }],
  ])('refuses %s with invalid_checkpoint', (_, checkpoint) => {
    expect(() => formatCheckpoint(checkpoint)).toThrow(coreError('invalid_checkpoint'));
  });

  it('refuses checkpoints over 64 KiB with size_limit', () => {
    expect(() => formatCheckpoint({ origin: 'o'.repeat(1 << 16), treeSize: 1n, rootHash: ROOT })).toThrow(
      coreError('size_limit'),
    );
  });
});
