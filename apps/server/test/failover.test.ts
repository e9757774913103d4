// Several processes, one log (issue 9): three server processes serve one PostgreSQL log, thirty-two submitters
// spread their statements over all three, and the process that sequences is SIGKILLed at random moments, ten
// times (each time started again, so three keep running). Whatever the timing:
// - no acknowledged statement is lost: each is in the log at the index its answer gave;
// - the log has one root per size, and every acknowledged answer's checkpoint is that one, with a valid proof;
// - every published checkpoint is consistent with the one before it;
// - submissions resume after every kill (how long that took is printed, not asserted: tests never assert on
//   wall time; the figure is in the closing note of issue 9).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import {
  decodeBase64,
  encodeBase64,
  encodeUtf8,
  hashLeaf,
  sha256,
  verifyConsistencyProof,
  verifyInclusionProof,
} from '@jmm/core';
import { signStatement } from '@jmm/domain';
import { LogEngine } from '@jmm/log';
import { createLogStorage, createPostgresDatabase, type StorageDatabase } from '@jmm/storage';
import { startEmbeddedPostgres, type EmbeddedPostgresServer } from '@jmm/storage/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatEnrollment, LOAD_SIGNERS, signerFor } from '../bench/bench-identities.ts';
import { createBenchMechanism } from '../bench/create-bench-mechanism.ts';
import { readMechanismFiles } from '@jmm/mechanism';

const PROCESSES = 3;
const SUBMITTERS = 32;
const ROUNDS = 10;
const SERVER_DIR = fileURLToPath(new URL('..', import.meta.url));
const ENTRY = fileURLToPath(new URL('./failover/serve-log-process.ts', import.meta.url));

interface ServerProcess {
  readonly url: string;
  readonly child: ChildProcess;
  readonly exited: Promise<void>;
}

interface Acknowledgement {
  readonly digest: string;
  readonly index: number;
  readonly tree_size: number;
  readonly entry: string;
  readonly inclusion_proof: string[];
  readonly checkpoint: string;
  readonly at: number;
}

let postgres: EmbeddedPostgresServer | undefined;
let dataDir = '';
let databaseUrl: string;

beforeAll(async () => {
  postgres = await startEmbeddedPostgres();
  databaseUrl = await postgres.createDatabase('jmm_failover');
  dataDir = await mkdtemp(join(tmpdir(), 'jmm-failover-'));
});
afterAll(async () => {
  await postgres?.stop();
  if (dataDir !== '') await rm(dataDir, { recursive: true, force: true });
});

async function spawnServer(): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', ENTRY, '--data', dataDir, '--database-url', databaseUrl],
    { cwd: SERVER_DIR, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      resolve();
    }),
  );
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise<string>((resolve, reject) => {
    lines.once('line', (line) => {
      resolve((JSON.parse(line) as { url: string }).url);
    });
    child.once('exit', (code) => {
      reject(new Error(`a server process exited (${code}) before listening`));
    });
  });
  return { url, child, exited };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Distinct valid statements: enrolments of fresh members by the mechanism's admins. */
async function signStatementNumber(n: number, issuedAt: string): Promise<string> {
  const issuer = LOAD_SIGNERS[n % LOAD_SIGNERS.length]!;
  const publicKey = encodeBase64(sha256(encodeUtf8(`failover key ${n}`)));
  const statement = formatEnrollment(issuer, `failover-${n}`, publicKey, ['reporter'], issuedAt);
  return JSON.stringify(await signStatement(statement, await signerFor(issuer)));
}

describe('three server processes on one PostgreSQL log', () => {
  it('loses no acknowledged statement and keeps one consistent log while the sequencer is killed', async () => {
    const issuedAt = new Date().toISOString();
    await createBenchMechanism({ dataDir, databaseUrl }, issuedAt);
    const servers: ServerProcess[] = await Promise.all(
      Array.from({ length: PROCESSES }, () => spawnServer()),
    );
    const database: StorageDatabase = createPostgresDatabase({ connectionString: databaseUrl, poolSize: 2 });
    const acks: Acknowledgement[] = [];
    let next = 0;
    let stopping = false;
    let retries = 0;

    const submitter = async (slot: number) => {
      let target = slot;
      while (!stopping) {
        const body = await signStatementNumber(next++, issuedAt);
        // Until acknowledged, whatever happens to the processes: resubmission is idempotent.
        for (;;) {
          const server = servers[target % servers.length]!;
          try {
            const response = await fetch(new URL('api/v1/statements', server.url), {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body,
              signal: AbortSignal.timeout(20_000),
            });
            const text = await response.text();
            if (response.status === 200 || response.status === 201) {
              acks.push({ ...(JSON.parse(text) as Omit<Acknowledgement, 'at'>), at: performance.now() });
              break;
            }
            if (response.status !== 503) throw new Error(`unexpected ${response.status}: ${text}`);
          } catch (error) {
            if (error instanceof Error && error.message.startsWith('unexpected')) throw error;
          }
          retries += 1;
          target += 1;
          await sleep(50);
        }
      }
    };

    const takeovers: number[] = [];
    const submitters = Array.from({ length: SUBMITTERS }, (_, slot) => submitter(slot));
    try {
      for (let round = 0; round < ROUNDS; round += 1) {
        // Let the log move on a little, then kill whichever process sequences now.
        const before = acks.length;
        while (acks.length < before + 20) await sleep(20);
        await sleep(100 + Math.random() * 900);
        const holder = await sql<{ url: string }>`select url from sequencer_lease where id = 1`.execute(
          database.db,
        );
        const victim = servers.findIndex((server) => server.url === holder.rows[0]?.url);
        expect(victim, `round ${round}: the sequencer is one of the running processes`).toBeGreaterThan(-1);
        const killedAt = performance.now();
        servers[victim]!.child.kill('SIGKILL');
        await servers[victim]!.exited;
        while (!acks.some((ack) => ack.at > killedAt)) await sleep(10);
        takeovers.push(Math.min(...acks.filter((ack) => ack.at > killedAt).map((ack) => ack.at)) - killedAt);
        servers[victim] = await spawnServer();
      }
    } finally {
      stopping = true;
      await Promise.all(submitters);
      for (const server of servers) server.child.kill('SIGTERM');
      await Promise.all(servers.map((server) => server.exited));
    }
    console.log(
      `failover: ${acks.length} statements acknowledged, ${retries} resubmissions; after each kill the next ` +
        `acknowledgement came in ${takeovers.map((ms) => `${(ms / 1000).toFixed(2)} s`).join(', ')}`,
    );

    try {
      // No acknowledged statement lost: each is in the log at its index.
      const entries = await database.db.selectFrom('entries').select(['idx', 'digest']).execute();
      const byDigest = new Map(entries.map((row) => [row.digest, row.idx]));
      for (const ack of acks) expect(byDigest.get(ack.digest), ack.digest).toBe(BigInt(ack.index));

      // One root per size, and every answer's checkpoint is that root, with a proof that verifies.
      const history = await database.db
        .selectFrom('checkpoint_history')
        .select(['tree_size', 'root_hash', 'note'])
        .orderBy('tree_size')
        .execute();
      expect(new Set(history.map((row) => row.tree_size)).size).toBe(history.length);
      const bySize = new Map(history.map((row) => [Number(row.tree_size), row]));
      for (const ack of acks) {
        const published = bySize.get(ack.tree_size)!;
        expect(ack.checkpoint).toBe(published.note);
        verifyInclusionProof(
          hashLeaf(decodeBase64(ack.entry)),
          BigInt(ack.index),
          BigInt(ack.tree_size),
          ack.inclusion_proof.map(decodeBase64),
          new Uint8Array(published.root_hash),
        );
      }

      // Every checkpoint is consistent with the one before it.
      const files = await readMechanismFiles(dataDir);
      const engine = await LogEngine.open({
        storage: createLogStorage(database),
        origin: files.origin,
        logSigner: files.logSigner,
        clock: () => Date.now(),
        sequencing: false,
      });
      try {
        for (let i = 1; i < history.length; i += 1) {
          const [older, newer] = [history[i - 1]!, history[i]!];
          verifyConsistencyProof(
            older.tree_size,
            newer.tree_size,
            await engine.proveConsistency(older.tree_size, newer.tree_size),
            new Uint8Array(older.root_hash),
            new Uint8Array(newer.root_hash),
          );
        }
      } finally {
        await engine.close();
      }
      expect(takeovers).toHaveLength(ROUNDS);
    } finally {
      await database.db.destroy();
    }
  }, 600_000);
});
