// A real mechanism for the auditor's tests: the server's own app over a temporary SQLite directory, reached
// through an `inject`-backed fetch, with one in-process witness (of party `pa`) that cosigns what the log
// pushes to it. Keys are derived from names, so runs repeat.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  createCosigner,
  ed25519,
  encodeBase64,
  encodeUtf8,
  formatVerifierKey,
  parseAddCheckpointRequest,
  sha256,
  signCosignature,
  SIGNATURE_TYPE_COSIGNATURE_V1,
  type Cosigner,
  type Ed25519Signer,
  type Envelope,
  type NoteSigner,
} from '@jmm/core';
import {
  coarsenStatementForPublic,
  computeMetrics,
  DEFAULT_SETTINGS,
  listReportValues,
  publicPrecisionOf,
  resolveMetricPeriod,
  signStatement,
  TAXONOMY_VERSION,
  type Audience,
  type Statement,
} from '@jmm/domain';
import type { FetchFunction } from '@jmm/client';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '@jmm/server';
import { signTestGenesis } from '@jmm/server/testing';
import {
  initializeMechanism,
  openMechanism,
  type OpenMechanism,
  parseServerConfig,
  readMechanismFiles,
} from '@jmm/mechanism';

export const ORIGIN = 'jmm.example.org/audit-test';
export const START = Date.parse('2026-06-01T00:00:00.000Z');
export const WITNESS_NAME = 'witness.example.org/pa';

/** Midnight UTC of the day of `millis`: an event time already as coarse as the public precision. */
function dayOf(millis: number): string {
  return `${new Date(millis).toISOString().slice(0, 10)}T00:00:00Z`;
}

export function signerFor(name: string): Promise<Ed25519Signer> {
  return ed25519.createSigner(sha256(encodeUtf8(`audit test ${name}`)));
}

async function publicKeyFor(name: string): Promise<string> {
  return encodeBase64((await signerFor(name)).publicKey);
}

export function witnessCosigner(): Promise<Cosigner> {
  return createCosigner({ name: WITNESS_NAME, seed: sha256(encodeUtf8('audit test witness')) });
}

export interface ServedMechanism {
  readonly url: string;
  readonly fetch: FetchFunction;
  readonly logVkey: string;
  readonly logSigner: NoteSigner;
  readonly mechanism: OpenMechanism;
  now: number;
  /** Signs (coarsening public statements first, as a careful client does) and submits; the digest. */
  submit(statement: Statement, signer?: string): Promise<string>;
  /** Signs and submits many at once (batches of 32). */
  submitAll(statements: readonly Statement[]): Promise<void>;
  statement<T extends Statement['type']>(
    type: T,
    issuer: string,
    body: Extract<Statement, { type: T }>['body'],
    audience?: Audience,
  ): Statement;
  /** An allegation against the other party by `issuer` (default `pa/reporter`) with this audience. */
  incident(audience: Audience, narrative: string, issuer?: 'pa/reporter' | 'pb/reporter'): Statement;
  /** A report.publish with the public metrics of this month at the latest checkpoint. */
  report(): Promise<Statement>;
  /** Resolves once /log/checkpoint serves the newest checkpoint (the witness cosigned it). */
  waitForWitness(): Promise<void>;
  close(): Promise<void>;
}

/** A fetch answered through `app.inject`, so the auditor reads the real routes without a socket. */
export function fetchThroughApp(app: FastifyInstance): FetchFunction {
  return async (url, init) => {
    const target = new URL(url);
    const response = await app.inject({
      method: (init.method ?? 'GET') as 'GET' | 'POST',
      url: target.pathname + target.search,
      headers: (init.headers ?? {}) as Record<string, string>,
      ...(typeof init.body === 'string' ? { payload: init.body } : {}),
    });
    const empty = response.statusCode === 204 || response.statusCode === 304;
    return new Response(empty ? null : new Uint8Array(response.rawPayload), {
      status: response.statusCode,
      headers: response.headers as Record<string, string>,
    });
  };
}

export async function startServedMechanism(): Promise<ServedMechanism> {
  const dataDir = await mkdtemp(join(tmpdir(), 'jmm-audit-test-'));
  const config = parseServerConfig(
    { data: dataDir, 'log-level': 'silent', 'rate-limit': '1000000', 'witness-interval': '10' },
    {},
  );
  const state = { now: START };
  const clock = () => state.now;
  const cosigner = await witnessCosigner();
  await initializeMechanism(config, {
    origin: ORIGIN,
    clock,
    signGenesis: (logVerifierKey) =>
      signTestGenesis({
        origin: ORIGIN,
        name: 'Audit test mechanism',
        logVerifierKey,
        signerFor,
        settings: {
          witnesses: [
            {
              name: WITNESS_NAME,
              vkey: formatVerifierKey(WITNESS_NAME, cosigner.signer.publicKey, SIGNATURE_TYPE_COSIGNATURE_V1),
              org: 'pa',
            },
          ],
          witness_policy: ['pa'],
        },
      }),
  });
  let counter = 0;
  const mechanism = await openMechanism(config, {
    clock,
    randomBytes: (length) => sha256(encodeUtf8(`random ${counter++}`)).slice(0, length),
    // The party's witness, in process: cosigns whatever checkpoint the log pushes (its own checks are
    // @jmm/witness's business; here it only has to produce real cosignatures).
    witnessTransport: {
      reaches: () => true,
      async addCheckpoint(_witness, body) {
        const { checkpoint } = parseAddCheckpointRequest(body);
        const text = checkpoint.slice(0, checkpoint.indexOf('\n\n') + 1);
        const line = await signCosignature(text, BigInt(Math.floor(state.now / 1000)), cosigner);
        return { status: 200, contentType: 'text/plain; charset=utf-8', body: line };
      },
    },
  });
  const app = await buildApp(mechanism.services);
  const { logSigner, logVerifierKey } = await readMechanismFiles(dataDir);
  const fetch = fetchThroughApp(app);

  const sign = async (statement: Statement, signer = `${statement.issuer.org}/${statement.issuer.member}`) =>
    signStatement(
      coarsenStatementForPublic(statement, publicPrecisionOf(DEFAULT_SETTINGS)),
      await signerFor(signer),
    );
  const post = async (body: Envelope | { envelopes: Envelope[] }) => {
    const response = await app.inject({ method: 'POST', url: '/api/v1/statements', payload: body });
    if (response.statusCode >= 300) throw new Error(`submission refused: ${response.body}`);
    return response.json<{ digest: string; results?: ({ digest: string } | { error: unknown })[] }>();
  };

  const served: ServedMechanism = {
    url: 'http://audit.test/',
    fetch,
    logVkey: logVerifierKey,
    logSigner,
    mechanism,
    get now() {
      return state.now;
    },
    set now(value: number) {
      state.now = value;
    },
    async submit(statement, signer) {
      return (await post(await sign(statement, signer))).digest;
    },
    async submitAll(statements) {
      for (let i = 0; i < statements.length; i += 32) {
        const envelopes = await Promise.all(statements.slice(i, i + 32).map((statement) => sign(statement)));
        const { results = [] } = await post({ envelopes });
        const refused = results.find((result) => 'error' in result);
        if (refused !== undefined) throw new Error(`a submission was refused: ${JSON.stringify(refused)}`);
      }
    },
    statement: (type, issuer, body, audience = { kind: 'mechanism' }) => {
      const [org, member] = issuer.split('/') as [string, string];
      return {
        jmm: 1,
        type,
        mechanism: ORIGIN,
        issuer: { org, member },
        issued_at: new Date(state.now).toISOString(),
        audience,
        refs: [],
        body,
      } as Statement;
    },
    incident: (audience, narrative, issuer = 'pa/reporter') =>
      served.statement(
        'incident.report',
        issuer,
        {
          kind: 'allegation',
          alleged_responsible: { actor: 'A border unit', party: issuer === 'pa/reporter' ? 'pb' : 'pa' },
          category: {
            taxonomy: TAXONOMY_VERSION,
            mechanism_type: 'cross_border_fire',
            event_type: 'explosions_remote_violence',
            sub_event_type: 'shelling_artillery_missile_attack',
          },
          time: { start: dayOf(state.now), end: dayOf(state.now), precision: 'day' },
          location: { lat: 34.8, lon: 71.1, precision_m: 500, admin1: 'Kunar' },
          narrative,
          evidence: [],
        },
        audience,
      ),
    async report() {
      // A report lists its rendered document, which must be uploaded before it is published.
      const document = await mechanism.services.reportDocuments.writeBlob(
        Readable.from([new TextEncoder().encode(`%PDF-1.4 synthetic report ${state.now}`)]),
      );
      const engine = mechanism.services.engine;
      const checkpoint = engine.latestCheckpoint!;
      const month = resolveMetricPeriod('month', state.now);
      const metrics = listReportValues(
        computeMetrics({
          statements: (await engine.readStatements(checkpoint.treeSize)).filter(
            ({ statement }) => statement.audience.kind === 'public',
          ),
          settings: engine.mechanismState.settings,
          periodKind: 'month',
          periodAt: month.start,
          asOf: checkpoint.logTime,
          publicMode: true,
        }),
      );
      return served.statement(
        'report.publish',
        'sec/admin',
        {
          title: 'Monthly report',
          period: { start: month.start, end: month.end },
          checkpoint: {
            tree_size: Number(checkpoint.treeSize),
            root_hash: encodeBase64(checkpoint.rootHash),
          },
          metrics,
          documents: [{ sha256: document.sha256, media_type: 'application/pdf', bytes: document.size }],
        },
        { kind: 'public' },
      );
    },
    async waitForWitness() {
      const size = String(mechanism.services.engine.latestCheckpoint!.treeSize);
      for (let attempt = 0; attempt < 500; attempt++) {
        const response = await app.inject({ url: '/log/checkpoint' });
        if (response.statusCode === 200 && response.body.split('\n')[1] === size) return;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error('the witness never cosigned the newest checkpoint');
    },
    async close() {
      await app.close();
      await mechanism.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return served;
}

/** Enrols `org/member` with `roles` (public, as membership is) by the org's admin. */
export async function enrolMember(
  served: ServedMechanism,
  org: string,
  member: string,
  roles: ('reporter' | 'liaison' | 'analyst' | 'approver' | 'viewer')[],
): Promise<void> {
  await served.submit(
    served.statement(
      'member.enroll',
      `${org}/admin`,
      { member, display_name: 'Officer', roles, public_key: await publicKeyFor(`${org}/${member}`) },
      { kind: 'public' },
    ),
  );
}
