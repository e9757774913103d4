import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CoreError, type CoreErrorCode } from '../core-error.ts';
import { ed25519 } from '../crypto/index.ts';
import { encodeHex } from '../encoding/index.ts';
import {
  SIGNATURE_TYPE_COSIGNATURE_V1,
  SIGNATURE_TYPE_ED25519,
  computeNoteKeyHash,
  formatSignerKey,
  formatVerifierKey,
  isValidNoteKeyName,
  parseSignerKey,
  parseVerifierKey,
  type NoteSignatureType,
} from './note-key.ts';

// expect.objectContaining is typed `any`; as an Error it is what toThrow accepts.
const coreError = (code: CoreErrorCode): Error =>
  expect.objectContaining({ name: 'CoreError', code }) as Error;

// golang.org/x/mod/sumdb/note tests (BSD-3-Clause, The Go Authors).
const PETER_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const PETER_SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
// A real tlog-cosignature/v1 witness key, from transparency-dev/formats note tests (Apache-2.0): its key ID was
// computed with type 0x04 by another implementation.
const REMORA_COSIGNATURE_VKEY = 'remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2';

const SEED = new Uint8Array(32).fill(7);

describe('isValidNoteKeyName', () => {
  it.each(['example.com/log', 'PeterNeumann', 'oid/1.3.6.1.4.1', 'ключ', 'emoji😀', 'del\x7f'])(
    'accepts %j',
    (name) => {
      expect(isValidNoteKeyName(name)).toBe(true);
    },
  );
  it.each([
    '',
    'a b',
    'a+b',
    'a\tb',
    'a\nb',
    'a\u00a0b',
    'a\u2003b',
    'a\u3000b',
    'a\u0085b',
    'a\x01b',
    'a\uD800b',
  ])('refuses %j (empty, Unicode space, plus, control character or lone surrogate)', (name) => {
    expect(isValidNoteKeyName(name)).toBe(false);
  });
});

describe('computeNoteKeyHash', () => {
  it('is SHA-256(name || 0x0A || type || key)[:4], so the type changes the ID', async () => {
    const { publicKey } = await ed25519.createSigner(SEED);
    const plain = computeNoteKeyHash('w', SIGNATURE_TYPE_ED25519, publicKey);
    const cosigning = computeNoteKeyHash('w', SIGNATURE_TYPE_COSIGNATURE_V1, publicKey);
    expect(plain).toHaveLength(4);
    expect(encodeHex(plain)).not.toBe(encodeHex(cosigning));
  });
});

describe('parseVerifierKey', () => {
  it('reads the name, key ID, type and public key of a Go verifier key', () => {
    const key = parseVerifierKey(PETER_VKEY);
    expect(key.name).toBe('PeterNeumann');
    expect(encodeHex(key.keyHash)).toBe('c74f20a3');
    expect(key.type).toBe(SIGNATURE_TYPE_ED25519);
    expect(key.publicKey).toHaveLength(32);
  });

  it('reads a type-0x04 cosignature key whose ID another implementation computed', () => {
    const key = parseVerifierKey(REMORA_COSIGNATURE_VKEY);
    expect(key.type).toBe(SIGNATURE_TYPE_COSIGNATURE_V1);
    expect(encodeHex(key.keyHash)).toBe('da77ade7');
  });

  it("splits on the first two '+' only, since base64 may contain '+'", () => {
    const key = parseVerifierKey('sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8');
    expect(key.name).toBe('sum.golang.org');
    expect(formatVerifierKey(key.name, key.publicKey)).toBe(
      'sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8',
    );
  });

  it('round-trips with formatVerifierKey for both types', async () => {
    const { publicKey } = await ed25519.createSigner(SEED);
    for (const type of [SIGNATURE_TYPE_ED25519, SIGNATURE_TYPE_COSIGNATURE_V1] as NoteSignatureType[]) {
      const vkey = formatVerifierKey('witness.example/w1', publicKey, type);
      expect(parseVerifierKey(vkey)).toEqual({
        name: 'witness.example/w1',
        keyHash: computeNoteKeyHash('witness.example/w1', type, publicKey),
        type,
        publicKey,
      });
    }
  });

  it('rejects every proper substring and every one-character change of a valid key (as Go tests)', () => {
    for (let i = 0; i <= PETER_VKEY.length; i++) {
      for (let j = i + 1; j <= PETER_VKEY.length; j++) {
        if (i === 0 && j === PETER_VKEY.length) continue;
        expect(() => parseVerifierKey(PETER_VKEY.slice(i, j))).toThrow(CoreError);
      }
    }
    for (let i = 0; i < PETER_VKEY.length; i++) {
      const changed =
        PETER_VKEY.slice(0, i) + String.fromCharCode(PETER_VKEY.charCodeAt(i) + 1) + PETER_VKEY.slice(i + 1);
      expect(() => parseVerifierKey(changed)).toThrow(CoreError);
    }
  });

  it.each([
    [
      'a key of the wrong length, with an adjusted key ID',
      'PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==',
    ],
    [
      'an unknown algorithm, with an adjusted key ID',
      'PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW',
    ],
    ['one field', 'PeterNeumann'],
    ['two fields', 'PeterNeumann+c74f20a3'],
    ['an empty name', '+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'],
    ['an uppercase key ID', 'PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'],
    ['a short key ID', 'PeterNeumann+c74f20a+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'],
    ['URL-safe base64', 'TEST+7997405c+AQcC-FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6'],
    ['empty key material', 'PeterNeumann+c74f20a3+'],
    ['a wrong key ID', 'PeterNeumann+00000000+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'],
  ])('rejects %s with invalid_key', (_, vkey) => {
    expect(() => parseVerifierKey(vkey)).toThrow(coreError('invalid_key'));
  });

  it('rejects key strings over 4096 characters with size_limit', () => {
    expect(() => parseVerifierKey(`${'a'.repeat(4096)}+c74f20a3+AA==`)).toThrow(coreError('size_limit'));
  });

  it('throws only CoreError on arbitrary and mutated strings', () => {
    const mutated = fc
      .tuple(fc.nat({ max: PETER_VKEY.length }), fc.nat({ max: 3 }), fc.string({ maxLength: 3 }))
      .map(([at, remove, insert]) => PETER_VKEY.slice(0, at) + insert + PETER_VKEY.slice(at + remove));
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), mutated), (vkey) => {
        try {
          parseVerifierKey(vkey);
        } catch (error) {
          expect(error).toBeInstanceOf(CoreError);
        }
      }),
    );
  });
});

describe('formatVerifierKey', () => {
  it('formats the Go vector byte for byte', () => {
    const { name, publicKey } = parseVerifierKey(PETER_VKEY);
    expect(formatVerifierKey(name, publicKey)).toBe(PETER_VKEY);
  });
  it('refuses invalid names, key lengths and types with invalid_key', () => {
    const key = new Uint8Array(32);
    expect(() => formatVerifierKey('a b', key)).toThrow(coreError('invalid_key'));
    expect(() => formatVerifierKey('a', new Uint8Array(31))).toThrow(coreError('invalid_key'));
    expect(() => formatVerifierKey('a', key, 2 as NoteSignatureType)).toThrow(coreError('invalid_key'));
  });
});

describe('parseSignerKey', () => {
  it('reads a Go signer key and derives the public key its ID names', async () => {
    const key = await parseSignerKey(PETER_SKEY);
    expect(key.name).toBe('PeterNeumann');
    expect(encodeHex(key.keyHash)).toBe('c74f20a3');
    expect(key.type).toBe(SIGNATURE_TYPE_ED25519);
    expect(key.seed).toHaveLength(32);
    expect(key.publicKey).toEqual(parseVerifierKey(PETER_VKEY).publicKey);
  });

  it('round-trips with formatSignerKey for both types', async () => {
    expect(await formatSignerKey('PeterNeumann', (await parseSignerKey(PETER_SKEY)).seed)).toBe(PETER_SKEY);
    const skey = await formatSignerKey('w', SEED, SIGNATURE_TYPE_COSIGNATURE_V1);
    const key = await parseSignerKey(skey);
    expect(key.type).toBe(SIGNATURE_TYPE_COSIGNATURE_V1);
    expect(key.keyHash).toEqual(computeNoteKeyHash('w', SIGNATURE_TYPE_COSIGNATURE_V1, key.publicKey));
  });

  it('rejects every proper substring and every one-character change of a valid key (as Go tests)', async () => {
    const candidates: string[] = [];
    for (let i = 0; i <= PETER_SKEY.length; i++) {
      for (let j = i + 1; j <= PETER_SKEY.length; j++) {
        if (i !== 0 || j !== PETER_SKEY.length) candidates.push(PETER_SKEY.slice(i, j));
      }
    }
    for (let i = 0; i < PETER_SKEY.length; i++) {
      candidates.push(
        PETER_SKEY.slice(0, i) + String.fromCharCode(PETER_SKEY.charCodeAt(i) + 1) + PETER_SKEY.slice(i + 1),
      );
    }
    for (const candidate of candidates) {
      await expect(parseSignerKey(candidate)).rejects.toThrow(CoreError);
    }
  });

  it.each([
    ['a missing PRIVATE+KEY prefix', 'PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz'],
    ['a verifier key type byte with a short seed', 'PRIVATE+KEY+PeterNeumann+c74f20a3+ARpc'],
    ['a wrong key ID', 'PRIVATE+KEY+PeterNeumann+c74f20a4+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz'],
  ])('rejects %s with invalid_key', async (_, skey) => {
    await expect(parseSignerKey(skey)).rejects.toThrow(coreError('invalid_key'));
  });

  it('never echoes the secret in its errors', async () => {
    const broken = PETER_SKEY.replace('c74f20a3', 'c74f20a4');
    const error = await parseSignerKey(broken).catch((caught: unknown) => caught);
    expect(String(error)).not.toContain('AYEKFALVFGyNhPJEMzD1QIDr');
  });

  it('throws only CoreError on arbitrary and mutated strings', async () => {
    const mutated = fc
      .tuple(fc.nat({ max: PETER_SKEY.length }), fc.nat({ max: 3 }), fc.string({ maxLength: 3 }))
      .map(([at, remove, insert]) => PETER_SKEY.slice(0, at) + insert + PETER_SKEY.slice(at + remove));
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          mutated,
          fc.string().map((s) => `PRIVATE+KEY+${s}`),
        ),
        async (skey) => {
          try {
            await parseSignerKey(skey);
          } catch (error) {
            expect(error).toBeInstanceOf(CoreError);
          }
        },
      ),
    );
  });
});

describe('formatSignerKey', () => {
  it('refuses invalid names, seeds and types with invalid_key', async () => {
    await expect(formatSignerKey('', SEED)).rejects.toThrow(coreError('invalid_key'));
    await expect(formatSignerKey('a', new Uint8Array(31))).rejects.toThrow(coreError('invalid_key'));
    await expect(formatSignerKey('a', SEED, 3 as NoteSignatureType)).rejects.toThrow(
      coreError('invalid_key'),
    );
  });
});
