// Builds a small mechanism for specification tests: a secretariat, two parties, a verifier and a mediator,
// each with one admin, and a helper that sequences statements through validate + apply as the log would.
import { computeKeyId, decodeBase64, encodeBase64 } from '@jmm/core';
import {
  allowedAudiencesOf,
  applyStatement,
  coarsenStatementForPublic,
  createMechanismState,
  DEFAULT_SETTINGS,
  publicPrecisionOf,
  type MechanismState,
  type RefInfo,
  type Statement,
  validateStatement,
} from '../src/index.ts';

export const ORIGIN = 'jmm.example.org/test';
export const START = Date.parse('2026-06-01T00:00:00Z');

/** A deterministic, distinct 32-byte "public key" per name (validation never checks signatures). */
export function publicKeyFor(name: string): string {
  const bytes = new Uint8Array(32);
  for (let i = 0; i < name.length; i++) bytes[i % 32] = (bytes[i % 32]! + name.charCodeAt(i) * (i + 1)) & 255;
  bytes[31] = name.length;
  return encodeBase64(bytes);
}

export function keyIdOf(publicKey: string): string {
  return computeKeyId(decodeBase64(publicKey));
}

export function at(seconds: number): string {
  return new Date(START + seconds * 1000).toISOString();
}

export function genesisStatement(): Extract<Statement, { type: 'mechanism.genesis' }> {
  const admin = (org: string) => ({
    member: 'admin',
    display_name: `${org} administrator`,
    roles: ['admin' as const],
    public_key: publicKeyFor(`${org}/admin`),
  });
  return {
    jmm: 1,
    type: 'mechanism.genesis',
    mechanism: ORIGIN,
    issuer: { org: 'sec', member: 'admin' },
    issued_at: at(0),
    audience: { kind: 'public' },
    refs: [],
    body: {
      origin: ORIGIN,
      name: 'Test mechanism',
      log_vkey: 'jmm.example.org/test+00000000+AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      orgs: [
        { id: 'sec', name: 'Secretariat', kind: 'secretariat', admins: [admin('sec')] },
        { id: 'pa', name: 'Party A', kind: 'party', admins: [admin('pa')] },
        { id: 'pb', name: 'Party B', kind: 'party', admins: [admin('pb')] },
        { id: 'ver', name: 'Verification team', kind: 'verifier', admins: [admin('ver')] },
        { id: 'med', name: 'Mediators', kind: 'mediator', admins: [admin('med')] },
      ],
      settings: DEFAULT_SETTINGS,
    },
  };
}

/** A log in memory: validates and applies statements exactly as the sequencer does, one index each. */
export class MemoryLog {
  readonly state: MechanismState = createMechanismState(ORIGIN);
  readonly refs = new Map<string, RefInfo>();
  private counter = 0;

  /** Sequences `statement` as signed by `signer` (org/member, whose key is publicKeyFor(signer)). */
  append(
    statement: Statement,
    signer = `${statement.issuer.org}/${statement.issuer.member}`,
    logTime = statement.issued_at,
  ): string {
    const keyId = keyIdOf(publicKeyFor(signer));
    validateStatement(statement, this.state, {
      logTime,
      keyId,
      lookupRef: (digest) => this.refs.get(digest),
      keyIdOf,
    });
    const digest = `sha256:${(this.counter++).toString(16).padStart(64, '0')}`;
    const index = this.state.size;
    applyStatement(this.state, { statement, digest, keyId, index, logTime }, keyIdOf);
    this.refs.set(digest, {
      digest,
      type: statement.type,
      org: statement.issuer.org,
      audience: statement.audience,
      index,
    });
    return digest;
  }

  /** Builds a statement from `issuer` (see `statement`) and sequences it, signed by the issuer's own key. */
  issue<T extends Statement['type']>(
    type: T,
    issuer: string,
    body: Extract<Statement, { type: T }>['body'],
    extra: Partial<Pick<Statement, 'audience' | 'refs' | 'issued_at'>> = {},
  ): string {
    // TypeScript cannot relate the two Extract<…, T> forms through a generic call; the signature above is the check.
    // As a careful client does, public statements are coarsened to the public precision before signing.
    const statement = this.statement(type, issuer, body as never, extra);
    return this.append(coarsenStatementForPublic(statement, publicPrecisionOf(this.state.settings)));
  }

  /**
   * The mechanism audience, or the first one the type allows where it fixes them (AUDIENCE_RULES: membership
   * and the endorsements of rule changes are public).
   */
  private defaultAudience(type: Statement['type'], refs: Statement['refs']): Statement['audience'] {
    const endorsed = refs.find((ref) => ref.rel === 'endorses');
    const allowed = allowedAudiencesOf(type, endorsed && this.refs.get(endorsed.digest)?.type);
    return allowed.includes('mechanism') ? { kind: 'mechanism' } : { kind: 'public' };
  }

  /** A statement with the common fields filled in. */
  statement<T extends Statement['type']>(
    type: T,
    issuer: string,
    body: Extract<Statement, { type: T }>['body'],
    extra: Partial<Pick<Statement, 'audience' | 'refs' | 'issued_at'>> = {},
  ): Extract<Statement, { type: T }> {
    const [org, member] = issuer.split('/') as [string, string];
    return {
      jmm: 1,
      type,
      mechanism: ORIGIN,
      issuer: { org, member },
      issued_at: extra.issued_at ?? at(Number(this.state.size) * 60),
      audience: extra.audience ?? this.defaultAudience(type, extra.refs ?? []),
      refs: extra.refs ?? [],
      body,
    } as Extract<Statement, { type: T }>;
  }
}
