// A real mechanism for the server's tests: files in a temp directory, SQLite (or a PostgreSQL URL), the real
// engine and app, and members with real keys. Time is a variable the test moves.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  computeKeyId,
  ed25519,
  encodeBase64,
  encodeUtf8,
  sha256,
  type Ed25519Signer,
  type Envelope,
} from '@jmm/core';
import {
  allowedAudiencesOf,
  coarsenStatementForPublic,
  DEFAULT_SETTINGS,
  formatLoginMessage,
  publicPrecisionOf,
  signStatement,
  type Role,
  type Settings,
  type Statement,
} from '@jmm/domain';
import type { FastifyInstance, LightMyRequestResponse as Response } from 'fastify';
import { expect } from 'vitest';
import { buildApp } from '../src/build-app.ts';
import { initializeMechanism, openMechanism, type OpenMechanism, parseServerConfig } from '@jmm/mechanism';

export const ORIGIN = 'jmm.example.org/server-test';
export const START = Date.parse('2026-06-01T00:00:00.000Z');

export async function signerFor(name: string): Promise<Ed25519Signer> {
  return ed25519.createSigner(sha256(encodeUtf8(`server test ${name}`)));
}

export async function publicKeyFor(name: string): Promise<string> {
  return encodeBase64((await signerFor(name)).publicKey);
}

export interface TestGenesisOptions {
  readonly origin: string;
  readonly name: string;
  readonly logVerifierKey: string;
  /** Replaces fields of DEFAULT_SETTINGS (witnesses and witness policy, say). */
  readonly settings?: Partial<Settings>;
  /** Derives a member's key from its name ("org/member"); by default this file's `signerFor`. */
  readonly signerFor?: (name: string) => Promise<Ed25519Signer>;
}

/**
 * The genesis every server test mechanism starts from: issued at START by `sec/admin`, with four organisations
 * (secretariat `sec`, parties `pa` and `pb`, verifier `ver`), each with one admin keyed by `signerFor(org/admin)`.
 */
export async function signTestGenesis(options: TestGenesisOptions): Promise<Envelope> {
  const { origin, signerFor: keyOf = signerFor } = options;
  const admin = async (org: string) => ({
    member: 'admin',
    display_name: 'Administrator',
    roles: ['admin' as Role],
    public_key: encodeBase64((await keyOf(`${org}/admin`)).publicKey),
  });
  return signStatement(
    {
      jmm: 1,
      type: 'mechanism.genesis',
      mechanism: origin,
      issuer: { org: 'sec', member: 'admin' },
      issued_at: new Date(START).toISOString(),
      audience: { kind: 'public' },
      refs: [],
      body: {
        origin,
        name: options.name,
        log_vkey: options.logVerifierKey,
        orgs: [
          { id: 'sec', name: 'Secretariat', kind: 'secretariat', admins: [await admin('sec')] },
          { id: 'pa', name: 'Party A', kind: 'party', admins: [await admin('pa')] },
          { id: 'pb', name: 'Party B', kind: 'party', admins: [await admin('pb')] },
          { id: 'ver', name: 'Verification team', kind: 'verifier', admins: [await admin('ver')] },
        ],
        settings: { ...DEFAULT_SETTINGS, ...options.settings },
      },
    },
    await keyOf('sec/admin'),
  );
}

export interface TestMechanism {
  readonly app: FastifyInstance;
  readonly mechanism: OpenMechanism;
  readonly dataDir: string;
  now: number;
  /** A statement from `issuer` ("org/member") with common fields filled in. */
  statement<T extends Statement['type']>(
    type: T,
    issuer: string,
    body: Extract<Statement, { type: T }>['body'],
    extra?: Partial<Statement>,
  ): Statement;
  sign(statement: Statement, signer?: string): Promise<Envelope>;
  /** Signs in as `who` and returns the bearer token and CSRF token. */
  login(who: string): Promise<{ token: string; csrf: string; cookie: string }>;
  /** GET `/api/v1${url}` as `who` ("org/member", signed in once and remembered), or as the public. */
  get(url: string, who?: string): Promise<Response>;
  /** `get`, which must answer 200; its JSON body. */
  getJson<T>(url: string, who?: string): Promise<T>;
  /** A member.enroll body for `org/member` with its test key. */
  enrolment(
    org: string,
    member: string,
    roles: Role[],
  ): Promise<Extract<Statement, { type: 'member.enroll' }>['body']>;
  treeSize(): bigint;
  close(): Promise<void>;
}

function randomBytesFrom(counter: { n: number }) {
  return (length: number) => sha256(encodeUtf8(`random ${counter.n++}`)).slice(0, length);
}

export async function startTestMechanism(
  options: { databaseUrl?: string; rateLimitPerMinute?: number; evidenceQuotaBytes?: number } = {},
): Promise<TestMechanism> {
  const dataDir = await mkdtemp(join(tmpdir(), 'jmm-server-test-'));
  const config = parseServerConfig(
    {
      data: dataDir,
      'log-level': 'silent',
      'rate-limit': String(options.rateLimitPerMinute ?? 100_000),
      'database-url': options.databaseUrl,
      'evidence-quota': options.evidenceQuotaBytes?.toString(),
    },
    {},
  );
  const state = { now: START };
  const clock = () => state.now;
  await initializeMechanism(config, {
    origin: ORIGIN,
    clock,
    signGenesis: (logVerifierKey) =>
      signTestGenesis({ origin: ORIGIN, name: 'Server test mechanism', logVerifierKey }),
  });
  const mechanism = await openMechanism(config, { clock, randomBytes: randomBytesFrom({ n: 0 }) });
  const app = await buildApp(mechanism.services);
  const tokens = new Map<string, string>();

  const test: TestMechanism = {
    app,
    mechanism,
    dataDir,
    get now() {
      return state.now;
    },
    set now(value: number) {
      state.now = value;
    },
    statement: (type, issuer, body, extra = {}) => {
      const [org, member] = issuer.split('/') as [string, string];
      // An endorsement of a pending admission or settings change is public, as the change is.
      const endorsed = extra.refs?.find((ref) => ref.rel === 'endorses')?.digest;
      const pending =
        endorsed === undefined ? undefined : mechanism.services.engine.mechanismState.pending.get(endorsed);
      const allowed = allowedAudiencesOf(type, pending?.statement.type);
      return {
        jmm: 1,
        type,
        mechanism: ORIGIN,
        issuer: { org, member },
        issued_at: new Date(state.now).toISOString(),
        // Membership statements are public (AUDIENCE_RULES); the rest default to the mechanism.
        audience: allowed.includes('mechanism') ? { kind: 'mechanism' } : { kind: 'public' },
        refs: [],
        body,
        ...extra,
      } as Statement;
    },
    // As a careful client does, public statements are coarsened to the public precision before signing.
    sign: async (statement, signer = `${statement.issuer.org}/${statement.issuer.member}`) =>
      signStatement(
        coarsenStatementForPublic(statement, publicPrecisionOf(DEFAULT_SETTINGS)),
        await signerFor(signer),
      ),
    login: async (who) => {
      const signer = await signerFor(who);
      const keyId = computeKeyId(signer.publicKey);
      const challenge = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/challenge',
        payload: { key_id: keyId },
      });
      const nonce = challenge.json<{ challenge: string }>().challenge;
      const signature = encodeBase64(await signer.sign(formatLoginMessage(ORIGIN, nonce)));
      const login = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { key_id: keyId, challenge: nonce, signature },
      });
      if (login.statusCode !== 200) throw new Error(`login failed: ${login.body}`);
      const body = login.json<{ token: string; csrf_token: string }>();
      const cookie = login.cookies.find((c) => c.name === 'jmm_session');
      return { token: body.token, csrf: body.csrf_token, cookie: `jmm_session=${cookie?.value ?? ''}` };
    },
    get: async (url, who) => {
      const headers: Record<string, string> = {};
      if (who !== undefined) {
        let token = tokens.get(who);
        if (token === undefined) {
          token = (await test.login(who)).token;
          tokens.set(who, token);
        }
        headers.authorization = `Bearer ${token}`;
      }
      return app.inject({ url: `/api/v1${url}`, headers });
    },
    getJson: async <T>(url: string, who?: string) => {
      const response = await test.get(url, who);
      expect(response.statusCode, response.body).toBe(200);
      return response.json<T>();
    },
    enrolment: async (org, member, roles) => ({
      member,
      display_name: `Officer ${member}`,
      roles,
      public_key: await publicKeyFor(`${org}/${member}`),
    }),
    treeSize: () => mechanism.services.engine.latestCheckpoint?.treeSize ?? 0n,
    close: async () => {
      await app.close();
      await mechanism.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return test;
}
