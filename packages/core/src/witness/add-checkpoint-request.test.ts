import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CoreErrorCode } from '../core-error.ts';
import { decodeBase64, encodeBase64 } from '../encoding/index.ts';
import { DEFAULT_MAX_NOTE_BYTES } from '../note/index.ts';
import {
  MAX_CONSISTENCY_PROOF_LINES,
  formatAddCheckpointRequest,
  parseAddCheckpointRequest,
} from './add-checkpoint-request.ts';

// expect.objectContaining is typed `any`; as an Error it is what toThrow accepts.
const coreError = (code: CoreErrorCode): Error =>
  expect.objectContaining({ name: 'CoreError', code }) as Error;

// The example request body of c2sp.org/tlog-witness §add-checkpoint (CC BY 4.0).
const SPEC_PROOF = [
  'PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=',
  'jrJZDmY8Y7SyJE0MWLpLozkIVMSMZcD5kvuKxPC3swk=',
  '5+pKlUdi2LeF/BcMHBn+Ku6yhPGNCswZZD1X/6QgPd8=',
  '/6WVhPs2CwSsb5rYBH5cjHV/wSmA79abXAwhXw3Kj/0=',
];
const SPEC_CHECKPOINT =
  'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n' +
  '— example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n' +
  '— example.com/behind-the-sofa opLqBQsREYCgu6xQkYQwJr9fo45a62DN9EdmHXnZdXNqlcVGlCum2Wks+49/V6267UEjw6QUXTS5Rovnzv++qbSzm9Q=\n';
const SPEC_BODY = `old 20852014\n${SPEC_PROOF.join('\n')}\n\n${SPEC_CHECKPOINT}`;

const HASH = encodeBase64(new Uint8Array(32).fill(7));
// 0xfb bytes encode as "+/v7…": the characters URL-safe base64 replaces.
const URL_SAFE_HASH = encodeBase64(new Uint8Array(32).fill(0xfb)).replaceAll('+', '-').replaceAll('/', '_');
const NOTE = 'o\n1\nAAAA\n\n— o AAAAAA==\n';

describe('parseAddCheckpointRequest', () => {
  it('reads the spec example', () => {
    expect(parseAddCheckpointRequest(SPEC_BODY)).toEqual({
      oldSize: 20852014n,
      consistencyProof: SPEC_PROOF.map(decodeBase64),
      checkpoint: SPEC_CHECKPOINT,
    });
  });

  it('reads a first request: old size 0, no proof lines', () => {
    expect(parseAddCheckpointRequest(`old 0\n\n${NOTE}`)).toEqual({
      oldSize: 0n,
      consistencyProof: [],
      checkpoint: NOTE,
    });
  });

  it('reads the largest old size and the longest proof', () => {
    const proof = Array.from({ length: MAX_CONSISTENCY_PROOF_LINES }, () => `${HASH}\n`).join('');
    const request = parseAddCheckpointRequest(`old 18446744073709551615\n${proof}\n${NOTE}`);
    expect(request.oldSize).toBe(2n ** 64n - 1n);
    expect(request.consistencyProof).toHaveLength(MAX_CONSISTENCY_PROOF_LINES);
  });

  it('keeps the checkpoint note byte for byte, blank lines and all', () => {
    const note = 'o\n1\nAAAA\next\n\n— o AAAAAA==\n— w BBBBBB==\n';
    expect(parseAddCheckpointRequest(`old 0\n\n${note}`).checkpoint).toBe(note);
  });

  const tooManyLines = Array.from({ length: MAX_CONSISTENCY_PROOF_LINES + 1 }, () => `${HASH}\n`).join('');
  it.each([
    ['an empty body', ''],
    ['no old line', `${HASH}\n\n${NOTE}`],
    ['no newline at all', 'old 5'],
    ['"old" without a size', `old\n\n${NOTE}`],
    ['"old" with two spaces', `old  5\n\n${NOTE}`],
    ['an uppercase keyword', `OLD 5\n\n${NOTE}`],
    ['a leading zero', `old 05\n\n${NOTE}`],
    ['a negative size', `old -1\n\n${NOTE}`],
    ['a hex size', `old 0x5\n\n${NOTE}`],
    ['a trailing space', `old 5 \n\n${NOTE}`],
    ['a CRLF line ending', `old 5\r\n${HASH}\r\n\r\n${NOTE}`],
    ['an old size of 2^64', `old 18446744073709551616\n${HASH}\n\n${NOTE}`],
    ['a 21-digit old size', `old 100000000000000000000\n${HASH}\n\n${NOTE}`],
    ['a proof line that is not base64', `old 5\nnot base64!\n\n${NOTE}`],
    ['a URL-safe proof line', `old 5\n${URL_SAFE_HASH}\n\n${NOTE}`],
    ['an unpadded proof line', `old 5\n${HASH.slice(0, -1)}\n\n${NOTE}`],
    ['a proof hash of 31 bytes', `old 5\n${encodeBase64(new Uint8Array(31))}\n\n${NOTE}`],
    ['a proof hash of 33 bytes', `old 5\n${encodeBase64(new Uint8Array(33))}\n\n${NOTE}`],
    ['64 proof lines', `old 5\n${tooManyLines}\n${NOTE}`],
    ['a proof from size 0', `old 0\n${HASH}\n\n${NOTE}`],
    ['a proof line thousands of characters long', `old 5\n${'AAAA'.repeat(2000)}\n\n${NOTE}`],
    ['no empty line (header never ends)', `old 5\n${HASH}\n`],
    ['no checkpoint after the empty line', `old 5\n${HASH}\n\n`],
    ['a checkpoint without a final newline', `old 0\n\n${NOTE.slice(0, -1)}`],
    ['a checkpoint over 1 MiB', `old 0\n\n${'a'.repeat(DEFAULT_MAX_NOTE_BYTES)}\n`],
    ['a checkpoint over 1 MiB only in UTF-8', `old 0\n\n${'é'.repeat(DEFAULT_MAX_NOTE_BYTES / 2)}\n`],
    ['a body far over the bound', `old 0\n\n${'a'.repeat(2 * DEFAULT_MAX_NOTE_BYTES)}\n`],
  ])('rejects %s with invalid_witness_request', (_, body) => {
    expect(() => parseAddCheckpointRequest(body)).toThrow(coreError('invalid_witness_request'));
  });

  it('never throws anything but invalid_witness_request, whatever the body', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (body) => {
        try {
          parseAddCheckpointRequest(body);
        } catch (error) {
          expect(error).toEqual(coreError('invalid_witness_request'));
        }
      }),
    );
  });
});

describe('formatAddCheckpointRequest', () => {
  it('writes the spec example byte for byte', () => {
    expect(
      formatAddCheckpointRequest({
        oldSize: 20852014n,
        consistencyProof: SPEC_PROOF.map(decodeBase64),
        checkpoint: SPEC_CHECKPOINT,
      }),
    ).toBe(SPEC_BODY);
  });

  it('writes an empty line straight after "old 0"', () => {
    expect(formatAddCheckpointRequest({ oldSize: 0n, consistencyProof: [], checkpoint: NOTE })).toBe(
      `old 0\n\n${NOTE}`,
    );
  });

  it('round-trips every valid request through parseAddCheckpointRequest', () => {
    const hash = fc.uint8Array({ minLength: 32, maxLength: 32 });
    const request = fc
      .record({
        oldSize: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
        consistencyProof: fc.array(hash, { maxLength: MAX_CONSISTENCY_PROOF_LINES }),
        checkpoint: fc.string({ minLength: 1, maxLength: 200 }).map((text) => `${text}\n`),
      })
      .map((r) => (r.oldSize === 0n ? { ...r, consistencyProof: [] } : r));
    fc.assert(
      fc.property(request, (r) => {
        expect(parseAddCheckpointRequest(formatAddCheckpointRequest(r))).toEqual(r);
      }),
    );
  });

  it.each([
    ['a negative old size', { oldSize: -1n, consistencyProof: [], checkpoint: NOTE }],
    ['an old size of 2^64', { oldSize: 2n ** 64n, consistencyProof: [], checkpoint: NOTE }],
    ['a proof from size 0', { oldSize: 0n, consistencyProof: [new Uint8Array(32)], checkpoint: NOTE }],
    ['a short hash', { oldSize: 1n, consistencyProof: [new Uint8Array(31)], checkpoint: NOTE }],
    [
      '64 proof hashes',
      {
        oldSize: 1n,
        consistencyProof: Array.from({ length: 64 }, () => new Uint8Array(32)),
        checkpoint: NOTE,
      },
    ],
    ['an empty checkpoint', { oldSize: 1n, consistencyProof: [], checkpoint: '' }],
    ['a checkpoint without a final newline', { oldSize: 1n, consistencyProof: [], checkpoint: 'o\n1' }],
    [
      'a checkpoint over 1 MiB',
      { oldSize: 1n, consistencyProof: [], checkpoint: `${'a'.repeat(DEFAULT_MAX_NOTE_BYTES)}\n` },
    ],
  ])('refuses %s with invalid_witness_request', (_, request) => {
    expect(() => formatAddCheckpointRequest(request)).toThrow(coreError('invalid_witness_request'));
  });
});
