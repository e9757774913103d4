import { describe, expect, it } from 'vitest';
import type { CoreErrorCode } from '../core-error.ts';
import { decodeUtf8, encodeUtf8 } from '../encoding/index.ts';
import { encodePae } from './pae.ts';

// expect.objectContaining is typed `any`; as an Error it is what toThrow accepts.
const coreError = (code: CoreErrorCode): Error =>
  expect.objectContaining({ name: 'CoreError', code }) as Error;

describe('encodePae', () => {
  it('encodes the DSSE protocol.md test vector', () => {
    expect(decodeUtf8(encodePae('http://example.com/HelloWorld', encodeUtf8('hello world')))).toBe(
      'DSSEv1 29 http://example.com/HelloWorld 11 hello world',
    );
  });

  it('writes byte lengths, not character counts', () => {
    expect(decodeUtf8(encodePae('application/é', encodeUtf8('ü')))).toBe('DSSEv1 14 application/é 2 ü');
  });

  it('encodes empty values with zero lengths', () => {
    expect(decodeUtf8(encodePae('', new Uint8Array(0)))).toBe('DSSEv1 0  0 ');
  });

  it('keeps binary payloads as they are', () => {
    const pae = encodePae('t', Uint8Array.of(0, 255, 10));
    expect(pae.subarray(pae.length - 3)).toEqual(Uint8Array.of(0, 255, 10));
  });

  it('refuses a payload type with a lone surrogate, which has no UTF-8 encoding', () => {
    expect(() => encodePae('a\uD800', new Uint8Array(0))).toThrow(coreError('invalid_envelope'));
  });
});
