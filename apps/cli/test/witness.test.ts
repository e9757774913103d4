// `jmm witness` as an operator meets it: a key made with keygen, a witness served over HTTP that cosigns real
// checkpoints signed with @jmm/core, whose state survives a restart and refuses to roll back; and a witness
// pulling from a real `jmm serve`.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  computeRootHash,
  createCosignatureVerifier,
  createNoteSigner,
  createNoteVerifier,
  ed25519,
  encodeUtf8,
  formatAddCheckpointRequest,
  formatVerifierKey,
  generateConsistencyProof,
  hashLeaf,
  openCheckpoint,
  signCheckpoint,
} from '@jmm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../src/cli-error.ts';
import { jmm, jmmJson, serveMechanism, startJmm, waitForJson, type RunningJmm } from './run-jmm.ts';

const ORIGIN = 'log.example/witness-cli';
const LEAVES = Array.from({ length: 40 }, (_, i) => hashLeaf(encodeUtf8(`entry ${i}`)));

let root: string;
let keyFile: string;
let witnessKey: string;
let logKey: string;
let sign: (size: number, rootHash?: Uint8Array) => Promise<string>;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'jmm-witness-cli-'));
  keyFile = join(root, 'keys', 'witness.key');
  const seed = new Uint8Array(32).fill(7);
  const signer = await createNoteSigner({ name: ORIGIN, seed });
  logKey = formatVerifierKey(ORIGIN, (await ed25519.createSigner(seed)).publicKey);
  sign = (size, rootHash = computeRootHash(LEAVES.slice(0, size))) =>
    signCheckpoint({ origin: ORIGIN, treeSize: BigInt(size), rootHash }, signer);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function request(oldSize: number, size: number): Promise<string> {
  return formatAddCheckpointRequest({
    oldSize: BigInt(oldSize),
    consistencyProof: oldSize === 0 ? [] : generateConsistencyProof(BigInt(oldSize), BigInt(size), LEAVES),
    checkpoint: await sign(size),
  });
}

describe('jmm witness keygen', () => {
  it('writes the signer key to a 0600 file and prints the verifier key', async () => {
    const result = await jmmJson<{ file: string; name: string; vkey: string }>(
      'witness',
      'keygen',
      '--name',
      'witness.example/cli',
      '--out',
      keyFile,
    );
    witnessKey = result.vkey;
    expect(witnessKey).toMatch(/^witness\.example\/cli\+[0-9a-f]{8}\+/);
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    expect(await readFile(keyFile, 'utf8')).toMatch(
      /^PRIVATE\+KEY\+witness\.example\/cli\+[0-9a-f]{8}\+\S+\n$/,
    );
  });

  it('refuses to overwrite a key file', async () => {
    const run = await jmm('witness', 'keygen', '--name', 'w', '--out', keyFile);
    expect(run.code).toBe(EXIT_CODES.exists);
  });
});

describe('jmm witness serve', () => {
  const stateDir = () => join(root, 'state');
  let running: RunningJmm | undefined;

  async function serve(): Promise<string> {
    running = startJmm([
      '--json',
      'witness',
      'serve',
      '--state',
      stateDir(),
      '--key',
      keyFile,
      '--log',
      logKey,
      '--port',
      '0',
    ]);
    const { url, vkey } = await waitForJson<{ url: string; vkey: string }>(running);
    expect(vkey).toBe(witnessKey);
    return url;
  }

  async function stop(): Promise<void> {
    running?.signals.emit('SIGINT');
    expect((await running?.done)?.code).toBe(0);
    running = undefined;
  }

  const post = (url: string, body: string) => fetch(`${url}/add-checkpoint`, { method: 'POST', body });

  it('cosigns a checkpoint signed by the log, with a cosignature that verifies', async () => {
    const url = await serve();
    try {
      const response = await post(url, await request(0, 10));
      expect(response.status).toBe(200);
      const cosignature = await response.text();
      const opened = await openCheckpoint(`${await sign(10)}${cosignature}`, createNoteVerifier(logKey), {
        origin: ORIGIN,
        cosignatureVerifiers: [createCosignatureVerifier(witnessKey)],
      });
      expect(opened.cosignatures).toHaveLength(1);
      expect((await post(url, await request(10, 25))).status).toBe(200);
    } finally {
      await stop();
    }
  });

  it('remembers across a restart and refuses to roll back', async () => {
    const url = await serve();
    try {
      const stale = await post(url, await request(0, 5));
      expect(stale.status).toBe(409);
      expect(stale.headers.get('content-type')).toBe('text/x.tlog.size');
      expect(await stale.text()).toBe('25\n');
      const smaller = formatAddCheckpointRequest({
        oldSize: 25n,
        consistencyProof: [],
        checkpoint: await sign(20),
      });
      expect((await post(url, smaller)).status).toBe(400);
      const fork = formatAddCheckpointRequest({
        oldSize: 25n,
        consistencyProof: [],
        checkpoint: await sign(25, computeRootHash(LEAVES.slice(1, 26))),
      });
      expect((await post(url, fork)).status).toBe(409);
      expect((await post(url, await request(25, 40))).status).toBe(200);
    } finally {
      await stop();
    }
  });

  it('refuses to start without a log or with a bad key file', async () => {
    const noLog = await jmm('witness', 'serve', '--state', stateDir(), '--key', keyFile, '--port', '0');
    expect(noLog.code).toBe(EXIT_CODES.usage);
    const badKey = await jmm(
      'witness',
      'serve',
      '--state',
      stateDir(),
      '--key',
      join(root, 'missing'),
      '--log',
      logKey,
    );
    expect(badKey.code).toBe(EXIT_CODES.key_file);
    const badLog = await jmm(
      'witness',
      'serve',
      '--state',
      stateDir(),
      '--key',
      keyFile,
      '--log',
      'nonsense',
    );
    expect(badLog.code).toBe(EXIT_CODES.usage);
  });
});

describe('jmm witness pull', () => {
  let serve: RunningJmm;
  let url: string;
  let served: { log_vkey: string; origin: string };

  beforeAll(async () => {
    const dataDir = join(root, 'mechanism');
    ({ serve, url } = await serveMechanism(dataDir, 'jmm.example.org/witness-pull'));
    served = (await (await fetch(new URL('/api/v1/mechanism', url))).json()) as typeof served;
  });
  afterAll(async () => {
    serve.signals.emit('SIGINT');
    await serve.done;
  });

  it('requires the log key to be pinned, and says what the server claims', async () => {
    const run = await jmm(
      'witness',
      'pull',
      url,
      '--state',
      join(root, 'pull-state'),
      '--key',
      keyFile,
      '--once',
    );
    expect(run.code).toBe(EXIT_CODES.usage);
    expect(run.stderr).toContain(served.log_vkey);
  });

  it("cosigns the server's checkpoint, then finds nothing new", async () => {
    const args = ['witness', 'pull', url, '--state', join(root, 'pull-state'), '--key', keyFile];
    const first = await jmmJson<{ outcome: string; treeSize: number; checkpoint: string }>(
      ...args,
      '--log-key',
      served.log_vkey,
      '--once',
    );
    expect(first.outcome).toBe('cosigned');
    const opened = await openCheckpoint(first.checkpoint, createNoteVerifier(served.log_vkey), {
      origin: served.origin,
      cosignatureVerifiers: [createCosignatureVerifier(witnessKey)],
    });
    expect(opened.cosignatures).toHaveLength(1);
    const second = await jmmJson<{ outcome: string }>(...args, '--log-key', served.log_vkey, '--once');
    expect(second.outcome).toBe('unchanged');
  });
});
