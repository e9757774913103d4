// The log side of witnessing (DESIGN.md §4, c2sp.org/tlog-witness) against real @jmm/witness witnesses served
// over HTTP on ephemeral ports: cosignatures are gathered and verified, /log/checkpoint serves only checkpoints
// that meet the witness policy, and no witness — down, hanging, behind or lying — slows or fails a submission.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  computeRootHash,
  createCosignatureVerifier,
  createNoteSigner,
  ed25519,
  formatAddCheckpointRequest,
  formatSignerKey,
  formatVerifierKey,
  generateConsistencyProof,
  hashLeaf,
  openCheckpoint,
  createNoteVerifier,
  encodeUtf8,
  sha256,
  signCheckpoint,
  type Envelope,
} from '@jmm/core';
import { signStatement, type Statement } from '@jmm/domain';
import { generateWitnessKey, openWitness, serveWitness, type Witness } from '@jmm/witness';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../src/build-app.ts';
import { publicKeyFor, signerFor, signTestGenesis, START } from './test-mechanism.ts';
import {
  createHttpWitnessTransport,
  initializeMechanism,
  openMechanism,
  type OpenMechanism,
  parseServerConfig,
  type WitnessTransport,
} from '@jmm/mechanism';

const ORIGIN = 'jmm.example.org/witnessing-test';

/** How a test's witness behaves: a real witness, nothing listening, or a socket that never answers. */
type WitnessMode = 'up' | 'down' | 'hanging';

interface TestWitness {
  readonly org: string;
  readonly name: string;
  readonly verifierKey: string;
  /** The real witness (mode 'up'). */
  readonly witness?: Witness;
}

interface WitnessedMechanism {
  readonly app: FastifyInstance;
  readonly mechanism: OpenMechanism;
  readonly witnesses: readonly TestWitness[];
  /** Every add-checkpoint request body the log sent, per witness name. */
  readonly requests: Map<string, string[]>;
  submitEnrolment(
    member: string,
  ): Promise<{ statusCode: number; body: { tree_size: number; checkpoint: string } }>;
  servedCheckpoint(): Promise<{ status: number; note: string }>;
  close(): Promise<void>;
}

interface StartOptions {
  readonly witnesses: readonly { readonly org: string; readonly mode: WitnessMode }[];
  readonly policy: readonly string[];
  readonly timeoutMs?: number;
  /** Changes a witness's answer before the log reads it (a lying witness). */
  readonly tamper?: (witnessName: string, body: string) => string;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A TCP server that accepts connections and never answers: a witness that hangs. */
async function listenSilently(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/add-checkpoint`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => {
          resolve();
        });
      }),
  };
}

async function startWitnessedMechanism(options: StartOptions): Promise<WitnessedMechanism> {
  const dataDir = await mkdtemp(join(tmpdir(), 'jmm-witnessing-test-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  // An hour between rounds: the tests run rounds themselves, so what each one sees is deterministic.
  const config = parseServerConfig(
    { data: dataDir, 'log-level': 'silent', 'rate-limit': '100000', 'witness-interval': '3600000' },
    {},
  );
  const clock = { now: START };
  const witnesses: TestWitness[] = [];

  await initializeMechanism(config, {
    origin: ORIGIN,
    clock: () => clock.now,
    // The witnesses need the log's key, which exists only now; the genesis lists their keys and URLs.
    signGenesis: async (logVerifierKey) => {
      const settingsWitnesses = [];
      for (const { org, mode } of options.witnesses) {
        const name = `witness.${org}.example`;
        const keys = generateWitnessKey(name);
        let url: string;
        let witness: Witness | undefined;
        if (mode === 'up') {
          witness = await openWitness({
            stateDir: join(dataDir, 'test-witnesses', org),
            signerKey: keys.signerKey,
            logs: [{ origin: ORIGIN, verifierKey: logVerifierKey }],
          });
          const served = await serveWitness(witness, { host: '127.0.0.1', port: 0 });
          cleanups.push(async () => {
            await served.close();
            await witness?.close();
          });
          url = `${served.url}/add-checkpoint`;
        } else if (mode === 'hanging') {
          const silent = await listenSilently();
          cleanups.push(() => silent.close());
          url = silent.url;
        } else {
          // Port 1 on loopback: nothing listens, so connecting is refused at once.
          url = 'http://127.0.0.1:1/add-checkpoint';
        }
        witnesses.push({ org, name, verifierKey: keys.verifierKey, ...(witness && { witness }) });
        settingsWitnesses.push({ name, vkey: keys.verifierKey, org, url });
      }
      return signTestGenesis({
        origin: ORIGIN,
        name: 'Witnessing test mechanism',
        logVerifierKey,
        settings: { witnesses: settingsWitnesses, witness_policy: [...options.policy] },
      });
    },
  });

  const requests = new Map<string, string[]>();
  const http = createHttpWitnessTransport({ timeoutMs: options.timeoutMs ?? 5000 });
  const transport: WitnessTransport = {
    reaches: (witness) => http.reaches(witness),
    async addCheckpoint(witness, body) {
      requests.set(witness.name, [...(requests.get(witness.name) ?? []), body]);
      const answer = await http.addCheckpoint(witness, body);
      return options.tamper === undefined
        ? answer
        : { ...answer, body: options.tamper(witness.name, answer.body) };
    },
  };
  let counter = 0;
  const mechanism = await openMechanism(config, {
    clock: () => clock.now,
    randomBytes: (length) => sha256(encodeUtf8(`random ${counter++}`)).slice(0, length),
    witnessTransport: transport,
  });
  const app = await buildApp(mechanism.services);
  // Ready starts the witnessing job, whose first round pushes the genesis checkpoint.
  await app.ready();
  await mechanism.services.witnessing.pushNewestCheckpoint();

  return {
    app,
    mechanism,
    witnesses,
    requests,
    async submitEnrolment(member) {
      clock.now += 1000;
      const statement: Statement = {
        jmm: 1,
        type: 'member.enroll',
        mechanism: ORIGIN,
        issuer: { org: 'pa', member: 'admin' },
        issued_at: new Date(clock.now).toISOString(),
        audience: { kind: 'public' },
        refs: [],
        body: {
          member,
          display_name: `Officer ${member}`,
          roles: ['reporter'],
          public_key: await publicKeyFor(`pa/${member}`),
        },
      };
      const envelope: Envelope = await signStatement(statement, await signerFor('pa/admin'));
      const response = await app.inject({ method: 'POST', url: '/api/v1/statements', payload: envelope });
      return { statusCode: response.statusCode, body: response.json() };
    },
    async servedCheckpoint() {
      const response = await app.inject('/log/checkpoint');
      return { status: response.statusCode, note: response.body };
    },
    async close() {
      await app.close();
      await mechanism.close();
    },
  };
}

async function start(options: StartOptions): Promise<WitnessedMechanism> {
  const started = await startWitnessedMechanism(options);
  cleanups.push(() => started.close());
  return started;
}

/** Opens a served checkpoint with the log's key and every test witness's key. */
async function openServed(t: WitnessedMechanism, note: string) {
  const logVkey = t.mechanism.services.logVerifierKey;
  return openCheckpoint(note, createNoteVerifier(logVkey), {
    origin: ORIGIN,
    cosignatureVerifiers: t.witnesses.map((witness) => createCosignatureVerifier(witness.verifierKey)),
  });
}

interface HistoryRow {
  tree_size: number;
  root_hash: string;
  note: string;
  log_time: string;
  witnessed_by: string[];
  final: boolean;
}

async function readHistory(t: WitnessedMechanism, query = ''): Promise<HistoryRow[]> {
  const response = await t.app.inject(`/api/v1/log/checkpoints${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ checkpoints: HistoryRow[] }>().checkpoints;
}

describe('witnessing', () => {
  describe('when every witness of the policy cosigns', () => {
    it('serves the newest checkpoint with a verified cosignature from each, once it is cosigned', async () => {
      const t = await start({
        witnesses: [
          { org: 'pa', mode: 'up' },
          { org: 'pb', mode: 'up' },
          { org: 'ver', mode: 'up' },
        ],
        policy: ['pa', 'pb', 'ver'],
      });
      const genesis = await t.servedCheckpoint();
      expect(genesis.status).toBe(200);
      const opened = await openServed(t, genesis.note);
      expect(opened.checkpoint.treeSize).toBe(1n);
      expect(opened.cosignatures.map((cosignature) => cosignature.name).sort()).toEqual(
        t.witnesses.map((witness) => witness.name).sort(),
      );

      // The submitter is answered at once with the log-signed checkpoint; standard clients keep seeing the
      // last witnessed one until the witnesses have cosigned the new one.
      const submitted = await t.submitEnrolment('reporter1');
      expect(submitted.statusCode).toBe(201);
      expect(submitted.body.tree_size).toBe(2);
      expect((await openServed(t, (await t.servedCheckpoint()).note)).checkpoint.treeSize).toBe(1n);

      await t.mechanism.services.witnessing.pushNewestCheckpoint();
      const witnessed = await openServed(t, (await t.servedCheckpoint()).note);
      expect(witnessed.checkpoint.treeSize).toBe(2n);
      expect(witnessed.cosignatures).toHaveLength(3);
      for (const { witness } of t.witnesses) expect(witness?.latestSize(ORIGIN)).toBe(2n);
      // The log pushed from the size each witness had cosigned, with a proof from there.
      expect(t.requests.get('witness.pa.example')?.map((body) => body.split('\n')[0])).toEqual([
        'old 0',
        'old 1',
      ]);

      const history = await readHistory(t);
      expect(history.map((row) => [row.tree_size, row.witnessed_by.sort(), row.final])).toEqual([
        [1, ['pa', 'pb', 'ver'], true],
        [2, ['pa', 'pb', 'ver'], true],
      ]);
      expect((await openServed(t, history[1]!.note)).cosignatures).toHaveLength(3);
      expect(await readHistory(t, '?from_size=2&limit=1')).toEqual([history[1]]);
    });
  });

  describe('when a witness of the policy is down', () => {
    it('answers submissions as usual, and serves no checkpoint as final', async () => {
      const t = await start({
        witnesses: [
          { org: 'pa', mode: 'up' },
          { org: 'ver', mode: 'down' },
        ],
        policy: ['pa', 'ver'],
      });
      const submitted = await t.submitEnrolment('reporter1');
      expect(submitted.statusCode).toBe(201);
      await t.mechanism.services.witnessing.pushNewestCheckpoint();

      const served = await t.servedCheckpoint();
      expect(served.status).toBe(404);
      expect(JSON.parse(served.note)).toMatchObject({ code: 'not_found' });
      const history = await readHistory(t);
      expect(history.map((row) => [row.tree_size, row.witnessed_by, row.final])).toEqual([
        [1, ['pa'], false],
        [2, ['pa'], false],
      ]);
    });
  });

  describe('when a witness hangs', () => {
    it('neither slows nor fails a submission while the push to it is in flight', async () => {
      const t = await start({
        witnesses: [
          { org: 'pa', mode: 'up' },
          { org: 'pb', mode: 'hanging' },
        ],
        policy: ['pa'],
        timeoutMs: 2000,
      });
      await t.submitEnrolment('reporter1');
      let roundDone = false;
      const round = t.mechanism.services.witnessing.pushNewestCheckpoint().then(() => (roundDone = true));
      const started = performance.now();
      for (let i = 2; i <= 6; i++) {
        const submitted = await t.submitEnrolment(`reporter${i}`);
        expect(submitted.statusCode).toBe(201);
      }
      // All five were answered while the push to the silent witness was still waiting for its answer.
      expect(roundDone).toBe(false);
      expect(performance.now() - started).toBeLessThan(2000);
      await round;
      const served = await openServed(t, (await t.servedCheckpoint()).note);
      expect(served.checkpoint.treeSize).toBe(2n);
      expect(served.cosignatures.map((cosignature) => cosignature.name)).toEqual(['witness.pa.example']);
    });
  });

  describe('when a witness has cosigned a newer checkpoint than the log knows', () => {
    it('learns its size from the 409 answer and pushes again from there', async () => {
      const t = await start({ witnesses: [{ org: 'pa', mode: 'up' }], policy: ['pa'] });
      // Size 2 reaches the witness without the log storing the cosignature (as if the log crashed between
      // the witness's answer and its own write).
      const second = await t.submitEnrolment('reporter1');
      const engine = t.mechanism.services.engine;
      const direct = await t.witnesses[0]!.witness!.addCheckpoint(
        formatAddCheckpointRequest({
          oldSize: 1n,
          consistencyProof: await engine.proveConsistency(1n, 2n),
          checkpoint: second.body.checkpoint,
        }),
      );
      expect(direct.status).toBe(200);
      await t.submitEnrolment('reporter2');

      await t.mechanism.services.witnessing.pushNewestCheckpoint();
      expect(t.requests.get('witness.pa.example')?.map((body) => body.split('\n')[0])).toEqual([
        'old 0',
        'old 1',
        'old 2',
      ]);
      expect((await openServed(t, (await t.servedCheckpoint()).note)).checkpoint.treeSize).toBe(3n);
      expect(t.witnesses[0]!.witness!.latestSize(ORIGIN)).toBe(3n);
    });
  });

  describe('when a witness answers with a cosignature that does not verify', () => {
    it('stores nothing from it, so the policy stays unmet', async () => {
      // One base64 character of pb's signature changed: a well-formed line that fails verification.
      const t = await start({
        witnesses: [
          { org: 'pa', mode: 'up' },
          { org: 'pb', mode: 'up' },
        ],
        policy: ['pa', 'pb'],
        tamper: (name, body) =>
          name === 'witness.pb.example'
            ? body.replace(
                /([A-Za-z0-9+/])(=*\n)$/,
                (_, c: string, end: string) => `${c === 'A' ? 'B' : 'A'}${end}`,
              )
            : body,
      });
      const checkpoint = t.mechanism.services.engine.latestCheckpoint!;
      const stored = await t.mechanism.services.cosignatures.readCosignatures(
        checkpoint.treeSize,
        checkpoint.rootHash,
      );
      expect(stored.map((cosignature) => cosignature.witnessOrg)).toEqual(['pa']);
      expect((await t.servedCheckpoint()).status).toBe(404);
      expect((await readHistory(t))[0]).toMatchObject({ witnessed_by: ['pa'], final: false });
    });
  });
});

describe('a split view', () => {
  // The operator signs two different trees of the same size with the log's one key and shows one to each
  // witness. Each witness, having seen one, refuses the other and everything that extends it: the log cannot
  // get one witness to cosign both views, and the two cosigned checkpoints together prove the split.
  const origin = 'jmm.example.org/split-view';
  const leaves = (label: string, count: number) =>
    Array.from({ length: count }, (_, i) => hashLeaf(encodeUtf8(`${label} ${i}`)));

  it('is refused by a witness that has cosigned the other view', async () => {
    const stateDir = await mkdtemp(join(tmpdir(), 'jmm-split-view-'));
    cleanups.push(() => rm(stateDir, { recursive: true, force: true }));
    const seed = sha256(encodeUtf8('split view log'));
    const logSigner = await createNoteSigner(await formatSignerKey(origin, seed));
    const logVkey = formatVerifierKey(origin, (await ed25519.createSigner(seed)).publicKey);
    const open = async (name: string) =>
      openWitness({
        stateDir: join(stateDir, name),
        signerKey: generateWitnessKey(name).signerKey,
        logs: [{ origin, verifierKey: logVkey }],
      });
    const first = await open('witness.first.example');
    const second = await open('witness.second.example');
    cleanups.push(async () => {
      await first.close();
      await second.close();
    });

    // Both views share the first two entries, then differ at the third.
    const common = leaves('common', 2);
    const viewA = [...common, ...leaves('view A', 1)];
    const viewB = [...common, ...leaves('view B', 2)];
    const checkpointOf = (hashes: Uint8Array[], size: number) =>
      signCheckpoint(
        { origin, treeSize: BigInt(size), rootHash: computeRootHash(hashes.slice(0, size)) },
        logSigner,
      );
    const push = (witness: Witness, oldSize: number, hashes: Uint8Array[], size: number) =>
      checkpointOf(hashes, size).then((checkpoint) =>
        witness.addCheckpoint(
          formatAddCheckpointRequest({
            oldSize: BigInt(oldSize),
            consistencyProof:
              oldSize === 0 ? [] : generateConsistencyProof(BigInt(oldSize), BigInt(size), hashes),
            checkpoint,
          }),
        ),
      );

    // Each witness is shown one view of size 3, and cosigns it: alone, it cannot know of the other.
    expect((await push(first, 0, viewA, 3)).status).toBe(200);
    expect((await push(second, 0, viewB, 3)).status).toBe(200);

    // The other view of the same size is refused: 409, a different root at the size it cosigned.
    const sameSize = await push(second, 3, viewA, 3);
    expect(sameSize.status).toBe(409);
    expect((await push(first, 3, viewB, 3)).status).toBe(409);
    // So is a larger tree of the other view: its consistency proof cannot start from the root it cosigned.
    expect((await push(first, 3, viewB, 4)).status).toBe(422);
    // And the witnesses stay where they were.
    expect(first.latestSize(origin)).toBe(3n);
    expect(second.latestSize(origin)).toBe(3n);
  });
});
