import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditResult } from '@jmm/audit';
import { ed25519, formatVerifierKey } from '@jmm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../src/cli-error.ts';
import { jmm, jmmJson, startJmm, waitForJson, type RunningJmm } from './run-jmm.ts';

// `jmm verify` end to end: a demonstration mechanism served over HTTP by `jmm serve`, audited as the public
// and as a member, and its audit bundle audited offline, honest and tampered with.

let scratch: string;
let serve: RunningJmm;
let url: string;
let origin: string;
let logKey: string;
let bundle: string;

/** `jmm --json verify ...` with the trust roots; its exit code and the audit it printed (if any). */
async function verify(...args: string[]): Promise<{ code: number; result?: AuditResult; stderr: string }> {
  const run = await jmm(
    '--json',
    'verify',
    ...args,
    '--origin',
    origin,
    '--log-key',
    logKey,
    '--workers',
    '1',
  );
  return {
    code: run.code,
    stderr: run.stderr,
    ...(run.stdout.trim() === '' ? {} : { result: JSON.parse(run.stdout) as AuditResult }),
  };
}

beforeAll(async () => {
  // A RAM disk where there is one: the demo's thousands of commits are not what is tested here.
  scratch = await mkdtemp(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'jmm-verify-test-'));
  const dataDir = join(scratch, 'data');
  await jmmJson('demo', '--data', dataDir);
  ({ origin, log_vkey: logKey } = JSON.parse(await readFile(join(dataDir, 'mechanism.json'), 'utf8')) as {
    origin: string;
    log_vkey: string;
  });
  serve = startJmm(['--json', 'serve', '--data', dataDir, '--port', '0', '--log-level', 'silent']);
  url = (await waitForJson<{ url: string }>(serve)).url;
  // /log/checkpoint serves only checkpoints the witness policy made final: wait for the demo's witnesses.
  for (let attempt = 0; (await fetch(new URL('/log/checkpoint', url))).status !== 200; attempt++) {
    if (attempt > 300) throw new Error('no witnessed checkpoint after 30 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  // The bundle is the one `jmm export --format bundle` writes, so the export is tested by every bundle audit.
  bundle = join(scratch, 'bundle');
  const exported = await jmm('--json', 'export', '--format', 'bundle', '--out', bundle, url);
  if (exported.code !== 0) throw new Error(`jmm export --format bundle failed: ${exported.stderr}`);
}, 240_000);

afterAll(async () => {
  serve.signals.emit('SIGINT');
  await serve.done;
  await rm(scratch, { recursive: true, force: true });
});

describe('jmm verify URL', () => {
  it('audits the served mechanism as the public and exits 0', async () => {
    const { code, result, stderr } = await verify(url);
    expect(code, stderr).toBe(EXIT_CODES.ok);
    expect(result).toMatchObject({ ok: true, origin, reader: 'public', final: true, problems: [] });
    expect(result!.statementsChecked).toBeGreaterThan(100);
    expect(result!.unreadable).toBeGreaterThan(0);
  });

  it('reads what a member may read with --key', async () => {
    const keys = JSON.parse(await readFile(join(scratch, 'data', 'demo-keys.json'), 'utf8')) as {
      keys: { org: string; member: string; seed: string; public_key: string }[];
    };
    const admin = keys.keys.find((key) => key.org === 'ver' && key.member === 'admin')!;
    const keyFile = join(scratch, 'ver-admin.key');
    const keyId = Buffer.from(
      await crypto.subtle.digest('SHA-256', Buffer.from(admin.public_key, 'base64')),
    ).toString('hex');
    await writeFile(
      keyFile,
      JSON.stringify({
        kind: 'jmm-member-key',
        version: 1,
        org: 'ver',
        member: 'admin',
        public_key: admin.public_key,
        key_id: keyId,
        seed: admin.seed,
      }),
    );
    const { code, result, stderr } = await verify(url, '--key', keyFile);
    expect(code, stderr).toBe(EXIT_CODES.ok);
    expect(result).toMatchObject({ ok: true, reader: 'ver/admin', unchecked: 0 });
  });

  it('resumes from --state, fetching no tile it has already checked', async () => {
    const state = join(scratch, 'state');
    const first = await verify(url, '--state', state);
    expect(first.code, first.stderr).toBe(EXIT_CODES.ok);
    const second = await verify(url, '--state', state);
    expect(second.code, second.stderr).toBe(EXIT_CODES.ok);
    expect(second.result).toMatchObject({ resumedFrom: first.result!.treeSize, tilesFetched: 0 });
  });

  it('exits 10 when the mechanism cannot be reached', async () => {
    const { code } = await verify('http://127.0.0.1:9/');
    expect(code).toBe(EXIT_CODES.unreachable);
  }, 60_000);
});

describe('jmm verify --bundle', () => {
  it('audits an honest bundle offline and exits 0', async () => {
    const { code, result, stderr } = await verify('--bundle', bundle);
    expect(code, stderr).toBe(EXIT_CODES.ok);
    expect(result).toMatchObject({ ok: true, reader: 'public' });
  });

  it('exits 11 for a tampered tile', async () => {
    const copy = join(scratch, 'tampered');
    await cp(bundle, copy, { recursive: true });
    const tile = await readFile(join(copy, 'tile/0/000'));
    tile[7] = tile[7]! ^ 0x20;
    await writeFile(join(copy, 'tile/0/000'), tile);
    const { code, result } = await verify('--bundle', copy);
    expect(code).toBe(EXIT_CODES.audit_tampered);
    expect(result!.problems.map((problem) => problem.kind)).toEqual(['tampered']);
  });

  it('exits 11 when the log key given is not the log’s', async () => {
    const other = formatVerifierKey(origin, (await ed25519.createSigner(new Uint8Array(32))).publicKey);
    const run = await jmm('--json', 'verify', '--bundle', bundle, '--origin', origin, '--log-key', other);
    expect(run.code).toBe(EXIT_CODES.audit_tampered);
  });
});

describe('jmm verify arguments', () => {
  it('exits 2 for both a URL and a bundle, or one trust root without the other', async () => {
    expect((await verify(url, '--bundle', bundle)).code).toBe(EXIT_CODES.usage);
    expect((await jmm('verify', '--bundle', bundle, '--origin', 'x')).code).toBe(EXIT_CODES.usage);
    expect((await jmm('verify', url, '--workers', 'many')).code).toBe(EXIT_CODES.usage);
  });

  it('documents its exit codes in --help', async () => {
    const run = await jmm('verify', '--help');
    expect(run.stdout).toContain(`${EXIT_CODES.audit_split_view}  split view`);
  });
});
