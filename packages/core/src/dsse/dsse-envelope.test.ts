import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CoreError, type CoreErrorCode } from '../core-error.ts';
import { encodeBase64, encodeHex } from '../encoding/index.ts';
import { computeEnvelopeDigest, parseEnvelope, serializeEnvelope, type Envelope } from './dsse-envelope.ts';

// expect.objectContaining is typed `any`; as an Error it is what toThrow accepts.
const coreError = (code: CoreErrorCode): Error =>
  expect.objectContaining({ name: 'CoreError', code }) as Error;

const BOUNDS = { maxPayloadBytes: 1024, maxSignatures: 2 };
const SIG = encodeBase64(new Uint8Array(64).fill(3));
const KEYID = 'a'.repeat(64);
const ENVELOPE: Envelope = {
  payload: encodeBase64(new TextEncoder().encode('{"jmm":1}')),
  payloadType: 'application/vnd.jmm.statement.v1+json',
  signatures: [{ keyid: KEYID, sig: SIG }],
};

/** A plain JSON copy of the envelope with `change` applied, as an untrusted client might send it. */
function variant(change: (value: Record<string, unknown>) => void): unknown {
  const value = JSON.parse(JSON.stringify(ENVELOPE)) as Record<string, unknown>;
  change(value);
  return value;
}

function firstSignature(value: Record<string, unknown>): Record<string, unknown> {
  return (value.signatures as Record<string, unknown>[])[0]!;
}

describe('parseEnvelope', () => {
  it('parses JSON text and JSON values into the same envelope', () => {
    expect(parseEnvelope(JSON.stringify(ENVELOPE, null, 2), BOUNDS)).toEqual(ENVELOPE);
    expect(parseEnvelope(JSON.parse(JSON.stringify(ENVELOPE)), BOUNDS)).toEqual(ENVELOPE);
  });

  it('accepts null-prototype objects, an empty payload and payloads at the bound', () => {
    const bare = Object.assign(Object.create(null) as object, { ...ENVELOPE, payload: '' });
    expect(parseEnvelope(bare, BOUNDS).payload).toBe('');
    const full = variant((value) => (value.payload = encodeBase64(new Uint8Array(1024))));
    expect(parseEnvelope(full, BOUNDS).payload).toHaveLength(1368);
  });

  it('returns a fresh value holding only the DSSE fields', () => {
    const input = variant(() => undefined);
    const parsed = parseEnvelope(input, BOUNDS);
    expect(parsed).not.toBe(input);
    expect(parsed.signatures[0]).not.toBe((input as Envelope).signatures[0]);
  });

  it('rejects the DSSE protocol.md example, which has no keyid, with invalid_envelope (JMM requires one)', () => {
    const example =
      '{"payload": "aGVsbG8gd29ybGQ=", "payloadType": "http://example.com/HelloWorld", "signatures": [{"sig": "A3JqsQGtVsJ2O2xqrI5IcnXip5GToJ3F+FnZ+O88SjtR6rDAajabZKciJTfUiHqJPcIAriEGAHTVeCUjW2JIZA=="}]}';
    expect(() => parseEnvelope(example, BOUNDS)).toThrow(coreError('invalid_envelope'));
    const withKeyid = example.replace('[{"sig"', '[{"keyid": "k", "sig"');
    expect(parseEnvelope(withKeyid, BOUNDS).payloadType).toBe('http://example.com/HelloWorld');
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['an array', [ENVELOPE]],
    ['a JSON string', '"envelope"'],
    ['a class instance', new Map(Object.entries(ENVELOPE))],
    ['an extra field', variant((value) => (value.extra = 1))],
    ['a missing payload', variant((value) => delete value.payload)],
    ['a numeric payload', variant((value) => (value.payload = 1))],
    ['URL-safe base64', variant((value) => (value.payload = '-_-_'))],
    ['unpadded base64', variant((value) => (value.payload = 'YQ'))],
    ['a non-string payload type', variant((value) => (value.payloadType = ['a']))],
    ['an empty payload type', variant((value) => (value.payloadType = ''))],
    ['a non-ASCII payload type', variant((value) => (value.payloadType = 'application/jmm\u00e9'))],
    ['a payload type with a newline', variant((value) => (value.payloadType = 'a\nb'))],
    ['a 257-character payload type', variant((value) => (value.payloadType = 'a'.repeat(257)))],
    ['signatures that are not an array', variant((value) => (value.signatures = {}))],
    ['no signatures', variant((value) => (value.signatures = []))],
    ['a signature that is not an object', variant((value) => (value.signatures = [SIG]))],
    ['an extra signature field', variant((value) => (firstSignature(value).extra = true))],
    ['a missing keyid', variant((value) => delete firstSignature(value).keyid)],
    ['an empty keyid', variant((value) => (firstSignature(value).keyid = ''))],
    ['a keyid with a space', variant((value) => (firstSignature(value).keyid = 'a b'))],
    ['a 257-character keyid', variant((value) => (firstSignature(value).keyid = 'k'.repeat(257)))],
    ['a numeric keyid', variant((value) => (firstSignature(value).keyid = 7))],
    ['a numeric sig', variant((value) => (firstSignature(value).sig = 7))],
    ['a 63-byte sig', variant((value) => (firstSignature(value).sig = encodeBase64(new Uint8Array(63))))],
    [
      'an 88-character sig that is not base64',
      variant((value) => (firstSignature(value).sig = '!'.repeat(88))),
    ],
    [
      'two signatures with the same keyid',
      variant((value) => (value.signatures = [firstSignature(value), firstSignature(value)])),
    ],
  ])('rejects %s with invalid_envelope', (_, input) => {
    expect(() => parseEnvelope(input, BOUNDS)).toThrow(coreError('invalid_envelope'));
  });

  it('accepts a payload type of exactly 256 characters and a keyid of exactly 256', () => {
    const input = variant((value) => {
      value.payloadType = 't'.repeat(256);
      firstSignature(value).keyid = 'k'.repeat(256);
    });
    expect(() => parseEnvelope(input, BOUNDS)).not.toThrow();
  });

  it.each<[string, unknown]>([
    ['a payload whose base64 is too long', variant((value) => (value.payload = 'A'.repeat(1372)))],
    ['a payload one byte over', variant((value) => (value.payload = encodeBase64(new Uint8Array(1025))))],
    [
      'more signatures than allowed',
      variant((value) => (value.signatures = ['x', 'y', 'z'].map((keyid) => ({ keyid, sig: SIG })))),
    ],
    ['JSON text over the length bound', `${' '.repeat(200_000)}{}`],
    ['JSON nested too deep', '['.repeat(20) + ']'.repeat(20)],
  ])('rejects %s with size_limit', (_, input) => {
    expect(() => parseEnvelope(input, BOUNDS)).toThrow(coreError('size_limit'));
  });

  it('rejects text that is not JSON with invalid_json', () => {
    expect(() => parseEnvelope('{"payload":', BOUNDS)).toThrow(coreError('invalid_json'));
  });

  it.each([
    { maxPayloadBytes: -1, maxSignatures: 1 },
    { maxPayloadBytes: 1.5, maxSignatures: 1 },
    { maxPayloadBytes: 1, maxSignatures: 0 },
    { maxPayloadBytes: 1, maxSignatures: Number.POSITIVE_INFINITY },
  ])('rejects bounds %o with invalid_argument', (bounds) => {
    expect(() => parseEnvelope(ENVELOPE, bounds)).toThrow(coreError('invalid_argument'));
  });

  describe('on arbitrary input', () => {
    const expectOnlyCoreError = (input: unknown): void => {
      try {
        parseEnvelope(input, BOUNDS);
      } catch (error) {
        expect(error).toBeInstanceOf(CoreError);
      }
    };
    it('throws only CoreError for random JSON values and strings', () => {
      fc.assert(
        fc.property(
          fc.oneof(fc.jsonValue(), fc.anything(), fc.string({ unit: 'binary' })),
          expectOnlyCoreError,
        ),
      );
    });
    it('throws only CoreError for mutated envelope text, and parses to the canonical form when it accepts', () => {
      const text = serializeEnvelope(ENVELOPE);
      fc.assert(
        fc.property(
          fc.nat({ max: text.length }),
          fc.nat({ max: 3 }),
          fc.string({ maxLength: 3 }),
          (at, remove, insert) => {
            const mutated = text.slice(0, at) + insert + text.slice(at + remove);
            try {
              const parsed = parseEnvelope(mutated, BOUNDS);
              expect(parseEnvelope(serializeEnvelope(parsed), BOUNDS)).toEqual(parsed);
            } catch (error) {
              expect(error).toBeInstanceOf(CoreError);
            }
          },
        ),
      );
    });
  });
});

describe('serializeEnvelope', () => {
  it('writes RFC 8785 JSON: sorted keys, no whitespace, DSSE fields only', () => {
    const extra = { ...ENVELOPE, note: 'not serialised', signatures: [{ sig: SIG, keyid: KEYID, more: 1 }] };
    expect(serializeEnvelope(extra)).toBe(
      `{"payload":"${ENVELOPE.payload}","payloadType":"application/vnd.jmm.statement.v1+json",` +
        `"signatures":[{"keyid":"${KEYID}","sig":"${SIG}"}]}`,
    );
  });
});

describe('computeEnvelopeDigest', () => {
  it('is sha256: and the lowercase hex SHA-256 of the JCS text', () => {
    const expected = encodeHex(nobleSha256(new TextEncoder().encode(serializeEnvelope(ENVELOPE))));
    expect(computeEnvelopeDigest(ENVELOPE)).toBe(`sha256:${expected}`);
  });

  it('does not depend on how the JSON text was spelled', () => {
    const pretty = parseEnvelope(JSON.stringify(ENVELOPE, null, 4), BOUNDS);
    expect(computeEnvelopeDigest(pretty)).toBe(computeEnvelopeDigest(ENVELOPE));
  });

  it('changes with the signature order, which is part of the envelope', () => {
    const two: Envelope = { ...ENVELOPE, signatures: [...ENVELOPE.signatures, { keyid: 'b', sig: SIG }] };
    const swapped: Envelope = { ...two, signatures: [...two.signatures].reverse() };
    expect(computeEnvelopeDigest(two)).not.toBe(computeEnvelopeDigest(swapped));
  });
});
