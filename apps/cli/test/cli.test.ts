// The `jmm` command as its users meet it: run in process through `runCli` with captured output, against real
// data directories and a real server that `jmm serve` starts; plus one run of the installed binary.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  computeKeyId,
  createNoteVerifier,
  decodeBase64,
  decodeEntryBundle,
  decodeUtf8,
  ed25519,
  encodeBase64,
  encodeUtf8,
  hashLeaf,
  openCheckpoint,
  sha256,
  verifyInclusionProof,
  type Envelope,
} from '@jmm/core';
import { signStatement, type Statement } from '@jmm/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../src/cli-error.ts';
import { DEMO_ORIGIN } from '../src/demo/demo-members.ts';
import { readMemberKeyFile } from '../src/member-key-file.ts';
import { jmm, jmmJson, startJmm, waitForJson, type RunningJmm } from './run-jmm.ts';

const ORIGIN = 'jmm.example.org/cli-test';
const ORGS = [
  '--org',
  'sec:secretariat:Mechanism secretariat',
  '--org',
  'pa:party:Party A',
  '--org',
  'pb:party:Party B: liaison cell',
];

let root: string;
let directories = 0;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'jmm-cli-test-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function freshDirectory(): string {
  return join(root, `d${(directories += 1)}`);
}

interface InitResult {
  readonly origin: string;
  readonly genesis: string;
  readonly checkpoint: string;
  readonly admin_keys: readonly string[];
}

interface Sequenced {
  readonly digest: string;
  readonly index: number;
  readonly tree_size: number;
  readonly entry: string;
  readonly inclusion_proof: readonly string[];
  readonly checkpoint: string;
  readonly duplicate: boolean;
}

function initialise(dataDir: string): Promise<InitResult> {
  return jmmJson<InitResult>('init', '--data', dataDir, '--origin', ORIGIN, ...ORGS);
}

async function modeOf(path: string): Promise<number> {
  return (await stat(path)).mode & 0o777;
}

/** Every file under `dir` with its bytes and mode, to show that a refused command changed nothing. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files[path] = `${await modeOf(path)}:${(await readFile(path)).toString('base64')}`;
  }
  return files;
}

async function logVerifierKeyOf(dataDir: string): Promise<string> {
  return (JSON.parse(await readFile(join(dataDir, 'mechanism.json'), 'utf8')) as { log_vkey: string })
    .log_vkey;
}

describe('jmm init', () => {
  it('creates the mechanism and writes each organisation’s first admin key with mode 0600', async () => {
    const dataDir = freshDirectory();
    const result = await initialise(dataDir);

    expect(result.origin).toBe(ORIGIN);
    expect(result.genesis).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(result.admin_keys).toEqual(
      ['sec', 'pa', 'pb'].map((org) => join(dataDir, 'keys', `${org}-admin.key`)),
    );
    for (const file of result.admin_keys) {
      expect(await modeOf(file), file).toBe(0o600);
    }
    expect(await modeOf(join(dataDir, 'log.key'))).toBe(0o600);
    const pa = await readMemberKeyFile(join(dataDir, 'keys', 'pa-admin.key'));
    expect(pa.file).toMatchObject({ org: 'pa', member: 'admin' });
    // The genesis is log entry 0 under a checkpoint signed by the key mechanism.json names.
    const opened = await openCheckpoint(
      result.checkpoint,
      createNoteVerifier(await logVerifierKeyOf(dataDir)),
      {
        origin: ORIGIN,
      },
    );
    expect(opened.checkpoint.treeSize).toBe(1n);
  });

  it('refuses a data directory that already holds a mechanism, and changes nothing', async () => {
    const dataDir = freshDirectory();
    await initialise(dataDir);
    const before = await snapshot(dataDir);

    const again = await jmm('init', '--data', dataDir, '--origin', 'elsewhere.example/log', ...ORGS);

    expect(again.code).not.toBe(EXIT_CODES.ok);
    expect(again.stderr).toContain('already holds a mechanism');
    expect(await snapshot(dataDir)).toEqual(before);
  });

  it('exits with code 6 for a directory that already holds a mechanism, as documented', async () => {
    const dataDir = freshDirectory();
    await initialise(dataDir);
    expect((await jmm('init', '--data', dataDir, '--origin', ORIGIN, ...ORGS)).code).toBe(EXIT_CODES.exists);
  });

  it('never overwrites an existing key file', async () => {
    const dataDir = freshDirectory();
    const keyFile = join(dataDir, 'keys', 'pa-admin.key');
    await mkdir(join(dataDir, 'keys'), { recursive: true });
    await writeFile(keyFile, 'a key someone already holds\n');

    const run = await jmm('init', '--data', dataDir, '--origin', ORIGIN, ...ORGS);

    expect(run.code).toBe(EXIT_CODES.exists);
    expect(run.stderr).toContain('refusing to overwrite');
    expect(await readFile(keyFile, 'utf8')).toBe('a key someone already holds\n');
  });

  it('leaves no half-made mechanism behind when a key file is in the way', async () => {
    const dataDir = freshDirectory();
    await mkdir(join(dataDir, 'keys'), { recursive: true });
    await writeFile(join(dataDir, 'keys', 'pb-admin.key'), 'taken\n');
    await jmm('init', '--data', dataDir, '--origin', ORIGIN, ...ORGS);
    expect(Object.keys(await snapshot(dataDir))).toEqual([join(dataDir, 'keys', 'pb-admin.key')]);
  });
});

describe('jmm keys', () => {
  it('writes a new key with mode 0600 and shows its public half', async () => {
    const file = join(freshDirectory(), 'reporter.key');
    const created = await jmmJson<{ file: string; key_id: string; public_key: string }>(
      'keys',
      'new',
      '--out',
      file,
      '--org',
      'pa',
      '--member',
      'reporter-1',
    );
    expect(created).toEqual({
      file,
      key_id: expect.stringMatching(/^[0-9a-f]{64}$/) as string,
      public_key: expect.any(String) as string,
    });
    expect(created.key_id).toBe(computeKeyId(decodeBase64(created.public_key)));
    expect(await modeOf(file)).toBe(0o600);

    expect(await jmmJson('keys', 'show', file)).toEqual({
      org: 'pa',
      member: 'reporter-1',
      key_id: created.key_id,
      public_key: created.public_key,
    });
    const human = await jmm('keys', 'show', file);
    expect(human.stdout).toContain(`public key: ${created.public_key}`);
  });

  it('refuses to overwrite a key file', async () => {
    const file = join(freshDirectory(), 'member.key');
    await jmmJson('keys', 'new', '--out', file);
    const before = await readFile(file, 'utf8');
    const again = await jmm('keys', 'new', '--out', file);
    expect(again.code).toBe(EXIT_CODES.exists);
    expect(await readFile(file, 'utf8')).toBe(before);
  });

  describe('with a corrupted key file', () => {
    const valid = async () => {
      const file = join(freshDirectory(), 'valid.key');
      await jmmJson('keys', 'new', '--out', file, '--org', 'pa', '--member', 'm');
      return JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    };
    it.each<[string, () => Promise<string>]>([
      ['text that is not JSON', () => Promise.resolve('not a key\n')],
      ['JSON of another shape', () => Promise.resolve('{"kind":"ssh-key"}')],
      [
        'a public key that is not its seed’s',
        async () => JSON.stringify({ ...(await valid()), public_key: encodeBase64(new Uint8Array(32)) }),
      ],
      ['a seed that is not base64', async () => JSON.stringify({ ...(await valid()), seed: '!!!' })],
      ['an oversized file', () => Promise.resolve(' '.repeat(5000))],
    ])('exits with code 4 for %s', async (_name, contents) => {
      const file = join(freshDirectory(), 'corrupt.key');
      await mkdir(join(file, '..'), { recursive: true });
      await writeFile(file, await contents());
      const run = await jmm('keys', 'show', file);
      expect(run.code).toBe(EXIT_CODES.key_file);
      expect(run.stderr).toContain(file);
    });
  });

  it('exits with code 3 for a key file that cannot be read', async () => {
    expect((await jmm('keys', 'show', join(root, 'no-such.key'))).code).toBe(EXIT_CODES.io);
  });
});

describe('jmm demo, then jmm serve', () => {
  it('serves the demonstration mechanism until SIGTERM', async () => {
    const dataDir = freshDirectory();
    const summary = await jmmJson<{ origin: string; orgs: number; treeSize: number }>(
      'demo',
      '--data',
      dataDir,
    );
    expect(summary.origin).toBe(DEMO_ORIGIN);

    const serve = startJmm(['--json', 'serve', '--data', dataDir, '--port', '0', '--log-level', 'silent']);
    const { url, origin } = await waitForJson<{ url: string; origin: string }>(serve);
    expect(origin).toBe(DEMO_ORIGIN);
    // What the server says matches what the demo reported having made.
    const mechanism = (await (await fetch(new URL('/api/v1/mechanism', url))).json()) as {
      synthetic: boolean;
      tree_size: number;
      orgs: unknown[];
    };
    expect(mechanism).toMatchObject({ synthetic: true, tree_size: summary.treeSize });
    expect(mechanism.orgs).toHaveLength(summary.orgs);

    serve.signals.emit('SIGTERM');
    expect(await serve.done).toMatchObject({ code: EXIT_CODES.ok, stderr: '' });
    await expect(fetch(new URL('/healthz', url))).rejects.toThrow();
  });
});

describe('jmm member enroll and jmm submit, against jmm serve', () => {
  let dataDir: string;
  let serve: RunningJmm;
  let server: string;

  beforeAll(async () => {
    dataDir = freshDirectory();
    await initialise(dataDir);
    serve = startJmm(['--json', 'serve', '--data', dataDir, '--port', '0', '--log-level', 'silent']);
    server = (await waitForJson<{ url: string }>(serve)).url;
  });
  afterAll(async () => {
    serve.signals.emit('SIGINT');
    await serve.done;
  });

  /** The log's entry at `index`, read from the served entry bundle under the latest checkpoint. */
  async function entryAt(index: number): Promise<{ digest: string }> {
    const note = await (await fetch(new URL('/log/checkpoint', server))).text();
    const { checkpoint } = await openCheckpoint(note, createNoteVerifier(await logVerifierKeyOf(dataDir)), {
      origin: ORIGIN,
    });
    const size = Number(checkpoint.treeSize);
    const bundle = await fetch(new URL(`/log/tile/entries/000.p/${size}`, server));
    const entries = decodeEntryBundle(new Uint8Array(await bundle.arrayBuffer()), size);
    return JSON.parse(decodeUtf8(entries[index]!)) as { digest: string };
  }

  async function expectProven(result: Sequenced): Promise<void> {
    const { checkpoint } = await openCheckpoint(
      result.checkpoint,
      createNoteVerifier(await logVerifierKeyOf(dataDir)),
      { origin: ORIGIN },
    );
    verifyInclusionProof(
      hashLeaf(decodeBase64(result.entry)),
      BigInt(result.index),
      checkpoint.treeSize,
      result.inclusion_proof.map(decodeBase64),
      checkpoint.rootHash,
    );
    expect((await entryAt(result.index)).digest).toBe(result.digest);
  }

  /** A member.enroll signed by Party B's admin with the key `jmm init` wrote, for `jmm submit`. */
  async function signedEnrolment(member: string): Promise<Envelope> {
    const admin = await readMemberKeyFile(join(dataDir, 'keys', 'pb-admin.key'));
    const memberKey = await ed25519.createSigner(sha256(encodeUtf8(`cli test ${member}`)));
    const statement: Statement = {
      jmm: 1,
      type: 'member.enroll',
      mechanism: ORIGIN,
      issuer: { org: 'pb', member: 'admin' },
      issued_at: new Date().toISOString(),
      audience: { kind: 'public' },
      refs: [],
      body: {
        member,
        display_name: 'Liaison officer',
        roles: ['liaison'],
        public_key: encodeBase64(memberKey.publicKey),
      },
    };
    return signStatement(statement, admin.signer);
  }

  async function writeJson(value: unknown): Promise<string> {
    const file = join(dataDir, `submission-${(directories += 1)}.json`);
    await writeFile(file, JSON.stringify(value));
    return file;
  }

  it('enrols a member with the admin key that jmm init wrote', async () => {
    const memberKey = join(dataDir, 'reporter-1.key');
    const { public_key: publicKey } = await jmmJson<{ public_key: string }>(
      'keys',
      'new',
      '--out',
      memberKey,
      '--org',
      'pa',
      '--member',
      'reporter-1',
    );
    const adminKey = join(dataDir, 'keys', 'pa-admin.key');
    const enrolled = await jmmJson<Sequenced>(
      'member',
      'enroll',
      '--server',
      server,
      '--key',
      adminKey,
      '--member',
      'reporter-1',
      '--roles',
      'reporter,liaison',
      '--public-key',
      publicKey,
    );
    expect(enrolled.duplicate).toBe(false);
    await expectProven(enrolled);

    // The same key cannot be enrolled twice: the server refuses, and the CLI says so with code 5.
    const again = await jmm(
      'member',
      'enroll',
      '--server',
      server,
      '--key',
      adminKey,
      '--member',
      'reporter-2',
      '--roles',
      'reporter',
      '--public-key',
      publicKey,
    );
    expect(again.code).toBe(EXIT_CODES.server);
    expect(again.stderr).toContain('state_conflict');
  });

  it('submits an envelope signed elsewhere, and says so when it is already in the log', async () => {
    const envelope = await signedEnrolment('liaison-1');
    const file = await writeJson(envelope);

    const submitted = await jmmJson<Sequenced>('submit', file, '--server', server);
    expect(submitted.duplicate).toBe(false);
    await expectProven(submitted);
    const read = (await (await fetch(new URL(`/api/v1/statements/${submitted.digest}`, server))).json()) as {
      envelope: Envelope;
    };
    expect(read.envelope).toEqual(envelope);

    const again = await jmm('submit', file, '--server', server);
    expect(again.code).toBe(EXIT_CODES.ok);
    expect(again.stdout).toContain(`Already in the log: ${submitted.digest} at index ${submitted.index}`);
  });

  it('submits a batch and reports each envelope’s fate', async () => {
    const good = await signedEnrolment('liaison-2');
    const other = await signedEnrolment('liaison-3');
    const forged = {
      ...other,
      signatures: [{ ...other.signatures[0]!, sig: encodeBase64(new Uint8Array(64)) }],
    };
    const run = await jmm('submit', await writeJson({ envelopes: [good, forged] }), '--server', server);
    expect(run.code).toBe(EXIT_CODES.ok);
    expect(run.stdout).toMatch(/^Sequenced: sha256:[0-9a-f]{64} at index \d+/);
    expect(run.stdout).toContain('Rejected: invalid_envelope');
  });

  it('exits with code 5 when the server refuses or cannot be reached', async () => {
    const envelope = await signedEnrolment('liaison-4');
    const sig = decodeBase64(envelope.signatures[0]!.sig);
    sig[0]! ^= 1;
    const forged = { ...envelope, signatures: [{ ...envelope.signatures[0]!, sig: encodeBase64(sig) }] };
    const refused = await jmm('submit', await writeJson(forged), '--server', server);
    expect(refused.code).toBe(EXIT_CODES.server);
    expect(refused.stderr).toContain('400 invalid_envelope');

    const unreachable = await jmm('submit', await writeJson(envelope), '--server', 'http://127.0.0.1:1');
    expect(unreachable.code).toBe(EXIT_CODES.server);
  });

  it('refuses what is not a submission before sending anything', async () => {
    const notJson = join(dataDir, 'not-json.txt');
    await writeFile(notJson, 'hello');
    expect((await jmm('submit', notJson, '--server', server)).code).toBe(EXIT_CODES.usage);
    expect((await jmm('submit', join(dataDir, 'missing.json'), '--server', server)).code).toBe(EXIT_CODES.io);
    const anonymous = join(dataDir, 'anonymous.key');
    const { public_key: publicKey } = await jmmJson<{ public_key: string }>(
      'keys',
      'new',
      '--out',
      anonymous,
    );
    const enrol = await jmm(
      'member',
      'enroll',
      '--server',
      server,
      '--key',
      anonymous,
      '--member',
      'x',
      '--roles',
      'reporter',
      '--public-key',
      publicKey,
    );
    expect(enrol.code).toBe(EXIT_CODES.key_file);
    expect(enrol.stderr).toContain('does not say which org and member');
  });
});

describe('usage errors', () => {
  it.each<[string, string[], string]>([
    ['an unknown flag', ['keys', 'new', '--out', 'x.key', '--bogus'], "unknown option '--bogus'"],
    ['an unknown command', ['frobnicate'], "unknown command 'frobnicate'"],
    ['a missing required option', ['keys', 'new'], "required option '--out <file>' not specified"],
    [
      'an --org without a kind and name',
      ['init', '--data', 'unused', '--origin', ORIGIN, '--org', 'pa'],
      '--org must be id:kind:Name',
    ],
    [
      'an --org of an unknown kind',
      ['init', '--data', 'unused', '--origin', ORIGIN, '--org', 'pa:army:A'],
      '--org must be id:kind:Name',
    ],
    [
      'a mechanism with one party',
      ['init', '--data', 'unused', '--origin', ORIGIN, '--org', 'sec:secretariat:S', '--org', 'pa:party:A'],
      'at least two --org of kind party',
    ],
    [
      'an unknown role',
      [
        'member',
        'enroll',
        '--server',
        'http://127.0.0.1:1',
        '--key',
        'k',
        '--member',
        'm',
        '--roles',
        'reporter,boss',
        '--public-key',
        'p',
      ],
      'unknown role "boss"',
    ],
    [
      'a port that is not a port',
      ['serve', '--data', 'unused', '--port', '99999'],
      '--port (JMM_PORT) must be an integer',
    ],
  ])('exits with code 2 for %s, and says what is wrong', async (_name, args, message) => {
    const run = await jmm(...args);
    expect(run.code).toBe(EXIT_CODES.usage);
    expect(run.stderr).toContain(message);
  });

  it('exits with code 7 when asked to serve a directory without a mechanism', async () => {
    const run = await jmm('serve', '--data', freshDirectory(), '--port', '0', '--log-level', 'silent');
    expect(run.code).toBe(EXIT_CODES.not_initialised);
    expect(run.stderr).toContain('jmm init');
  });
});

describe('the installed jmm binary', () => {
  it('runs from node_modules/.bin, as npx jmm does', async () => {
    const bin = fileURLToPath(new URL('../../../node_modules/.bin/jmm', import.meta.url));
    const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      const child = execFile(bin, ['--help'], { timeout: 60_000 }, (_error, out) => {
        resolve({ code: child.exitCode, stdout: out });
      });
    });
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: jmm');
    expect(stdout).toContain('member');
  });
});
