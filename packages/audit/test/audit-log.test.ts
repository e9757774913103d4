import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeBase64, encodeUtf8, sha256, signCosignature } from '@jmm/core';
import type { Statement } from '@jmm/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditLog,
  createBundleLogSource,
  createHttpLogSource,
  writeAuditBundle,
  type AuditResult,
  type LogSource,
} from '../src/index.ts';
import {
  copyBundle,
  findStatementIndex,
  flipByte,
  rewriteStatement,
  signForgedCheckpoint,
} from './forge-bundle.ts';
import {
  enrolMember,
  ORIGIN,
  signerFor,
  startServedMechanism,
  witnessCosigner,
  type ServedMechanism,
} from './served-mechanism.ts';

let served: ServedMechanism;
let scratch: string;
/** An audit bundle of the honest log, read as the public; tests tamper with copies of it. */
let pristine: string;
let treeSize: bigint;
let reportIndex: bigint;
let copies = 0;

const publicSource = () => createHttpLogSource(served.url, { fetch: served.fetch });
const audit = (source: LogSource, stateDir?: string) =>
  auditLog(source, {
    origin: ORIGIN,
    logVkey: served.logVkey,
    workers: 0,
    ...(stateDir === undefined ? {} : { stateDir }),
  });
const auditBundle = async (dir: string, stateDir?: string) =>
  audit(await createBundleLogSource(dir), stateDir);
const kinds = (result: AuditResult) => [...new Set(result.problems.map((problem) => problem.kind))].sort();
const tamperedCopy = () => copyBundle(pristine, join(scratch, `copy-${copies++}`));

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'jmm-audit-bundles-'));
  served = await startServedMechanism();
  await enrolMember(served, 'pa', 'reporter', ['reporter']);
  await enrolMember(served, 'pb', 'reporter', ['reporter']);
  // Over one entry bundle's worth, so that tiles of two levels and a full entry bundle exist; restricted
  // statements of both parties, which each other and the public may not read.
  const statements: Statement[] = [];
  for (let i = 0; i < 300; i++) {
    served.now += 1000;
    const audience =
      i % 3 === 0
        ? { kind: 'public' as const }
        : i % 3 === 1
          ? { kind: 'mechanism' as const }
          : { kind: 'orgs' as const, orgs: ['pa'] };
    statements.push(served.incident(audience, `Shelling heard, report ${i}.`));
    if (i % 50 === 0) {
      statements.push(
        served.incident({ kind: 'orgs', orgs: ['pb'] }, `Party B's own note ${i}.`, 'pb/reporter'),
      );
    }
  }
  await served.submitAll(statements);
  served.now += 60_000;
  reportIndex = served.mechanism.services.engine.latestCheckpoint!.treeSize;
  await served.submit(await served.report());
  treeSize = reportIndex + 1n;
  await served.waitForWitness();
  pristine = join(scratch, 'pristine');
  await writeAuditBundle(publicSource(), pristine);
}, 120_000);

afterAll(async () => {
  await served.close();
  await rm(scratch, { recursive: true, force: true });
});

describe('auditLog', () => {
  describe('of an honest log', () => {
    it('finds nothing wrong when the public reads it over HTTP, and checks every public statement', async () => {
      const result = await audit(publicSource());
      expect(result.problems).toEqual([]);
      expect(result).toMatchObject({ ok: true, treeSize, final: true, witnessedBy: ['pa'], unchecked: 0 });
      // Genesis, two enrolments, 100 public incidents and the report.
      expect(result.statementsRead).toBe(104);
      expect(result.statementsChecked).toBe(104);
      expect(result.unreadable).toBe(Number(treeSize) - 104);
      expect(result.checkpoints).toBeGreaterThan(10);
    });

    it('reads what a member of pa may read, never the restricted statements of pb', async () => {
      const result = await audit(
        createHttpLogSource(served.url, {
          fetch: served.fetch,
          signer: await signerFor('pa/reporter'),
          signerName: 'pa/reporter',
        }),
      );
      expect(result).toMatchObject({ ok: true, reader: 'pa/reporter', unreadable: 6, unchecked: 0 });
      expect(result.statementsChecked).toBe(Number(treeSize) - 6);
    });

    it('reports a statement for the whole mechanism withheld from a member, which every member may read', async () => {
      // A server that leaves an envelope out of the page (as it does with one it can no longer decode).
      let dropped: number | undefined;
      const fetchDropping: typeof served.fetch = async (input, init) => {
        const response = await served.fetch(input, init);
        if (!input.includes('/api/v1/log/envelopes')) return response;
        const page = (await response.json()) as {
          envelopes: { index: number; envelope: { payload: string } }[];
        };
        const forMechanism = page.envelopes.find((row) => {
          const statement = JSON.parse(
            Buffer.from(row.envelope.payload, 'base64').toString('utf8'),
          ) as Statement;
          return statement.audience.kind === 'mechanism';
        });
        dropped ??= forMechanism?.index;
        page.envelopes = page.envelopes.filter((row) => row.index !== dropped);
        return new Response(JSON.stringify(page), { status: 200, headers: response.headers });
      };
      const result = await audit(
        createHttpLogSource(served.url, {
          fetch: fetchDropping,
          signer: await signerFor('pa/reporter'),
          signerName: 'pa/reporter',
        }),
      );
      expect(dropped).toBeDefined();
      expect(result.problems.map((problem) => [problem.kind, problem.index])).toEqual([
        ['tampered', BigInt(dropped!)],
      ]);
      expect(result.problems[0]!.message).toContain('withheld from a member');
    });

    it('finds nothing wrong in its audit bundle, verifying signatures on worker threads', async () => {
      const result = await auditLog(await createBundleLogSource(pristine), {
        origin: ORIGIN,
        logVkey: served.logVkey,
        workers: 2,
      });
      expect(result.notes).toEqual([]);
      expect(result).toMatchObject({ ok: true, treeSize, statementsChecked: 104 });
    });
  });

  describe('when the bundle was tampered with', () => {
    it('detects a changed hash tile', async () => {
      const dir = await tamperedCopy();
      await flipByte(dir, 'tile/0/000', 40);
      expect(kinds(await auditBundle(dir))).toEqual(['tampered']);
    });

    it('detects a changed hash tile above level 0', async () => {
      const dir = await tamperedCopy();
      await flipByte(dir, 'tile/1/000.p/1', 0);
      const result = await auditBundle(dir);
      expect(result.problems.map((problem) => problem.message)).toEqual([
        'hash tile tile/1/000.p/1 is not the one its leaves make',
      ]);
    });

    it('detects a changed entry', async () => {
      const dir = await tamperedCopy();
      // A hex digit of the last entry's digest.
      await flipByte(dir, 'tile/entries/001.p/' + String(Number(treeSize) - 256), -60);
      const result = await auditBundle(dir);
      expect(kinds(result)).toContain('tampered');
      expect(result.problems.some((problem) => problem.message.includes('do not hash to the root'))).toBe(
        true,
      );
    });

    it('detects a changed envelope', async () => {
      const dir = await tamperedCopy();
      const path = join(dir, 'envelopes', '0.jsonl');
      const lines = (await readFile(path, 'utf8')).split('\n');
      const row = JSON.parse(lines[3]!) as { envelope: { payload: string } };
      const payload = new TextDecoder()
        .decode(decodeBase64(row.envelope.payload))
        .replace('Shelling', 'Shooting');
      row.envelope.payload = Buffer.from(payload).toString('base64');
      lines[3] = JSON.stringify(row);
      await writeFile(path, lines.join('\n'));
      const result = await auditBundle(dir);
      expect(kinds(result)).toEqual(['tampered']);
      expect(result.problems[0]!.message).toContain('is not the one the log holds');
    });

    it('detects a public envelope withheld (an enrolment, which every reader needs)', async () => {
      const dir = await tamperedCopy();
      const path = join(dir, 'envelopes', '0.jsonl');
      const lines = (await readFile(path, 'utf8')).split('\n');
      await writeFile(path, lines.filter((_line, i) => i !== 1).join('\n'));
      const result = await auditBundle(dir);
      expect(result.problems.map((problem) => [problem.kind, problem.index])).toEqual([['tampered', 1n]]);
      expect(result.problems[0]!.message).toContain('withheld');
    });

    it('detects a changed checkpoint', async () => {
      const dir = await tamperedCopy();
      const note = await readFile(join(dir, 'checkpoint'), 'utf8');
      const [origin, size, root, ...rest] = note.split('\n');
      const bytes = decodeBase64(root!);
      bytes[0] = bytes[0]! ^ 1;
      await writeFile(
        join(dir, 'checkpoint'),
        [origin, size, Buffer.from(bytes).toString('base64'), ...rest].join('\n'),
      );
      const result = await auditBundle(dir);
      expect(kinds(result)).toEqual(['tampered']);
      expect(result.problems[0]!.message).toContain('does not verify with the log key');
    });
  });

  describe('cosignatures and the witness policy', () => {
    it('refuses a cosignature made over a different checkpoint, and the policy is then unmet', async () => {
      const dir = await tamperedCopy();
      const note = await readFile(join(dir, 'checkpoint'), 'utf8');
      const history = (await readFile(join(dir, 'checkpoints.jsonl'), 'utf8')).split('\n');
      const older = (JSON.parse(history[0]!) as { note: string }).note;
      const olderText = older.slice(0, older.indexOf('\n\n') + 1);
      const otherCosignature = await signCosignature(olderText, 1_780_000_000n, await witnessCosigner());
      const logSigned =
        note.slice(0, note.indexOf('\n\n') + 2) + note.split('\n\n')[1]!.split('\n')[0]! + '\n';
      await writeFile(join(dir, 'checkpoint'), logSigned + otherCosignature);
      const result = await auditBundle(dir);
      expect(kinds(result)).toEqual(['bad_cosignature', 'policy_unmet']);
      expect(result.final).toBe(false);
    });

    it('reports a latest checkpoint without the cosignatures the policy requires', async () => {
      const dir = await tamperedCopy();
      const note = await readFile(join(dir, 'checkpoint'), 'utf8');
      const logSigned =
        note.slice(0, note.indexOf('\n\n') + 2) + note.split('\n\n')[1]!.split('\n')[0]! + '\n';
      await writeFile(join(dir, 'checkpoint'), logSigned);
      expect(kinds(await auditBundle(dir))).toEqual(['policy_unmet']);
    });
  });

  describe('split views', () => {
    it('reports two signed checkpoints of one size with different roots, with both as proof', async () => {
      const stateDir = join(scratch, 'state-split');
      expect((await auditBundle(pristine, stateDir)).ok).toBe(true);
      const dir = await tamperedCopy();
      const forged = await signForgedCheckpoint(
        served.logSigner,
        treeSize,
        sha256(encodeUtf8('another tree')),
        1_780_000_000n,
      );
      await writeFile(join(dir, 'checkpoint'), forged);
      const result = await auditBundle(dir, stateDir);
      expect(kinds(result)).toEqual(['split_view']);
      const honest = await readFile(join(pristine, 'checkpoint'), 'utf8');
      expect(result.problems[0]!.evidence).toEqual({
        checkpoint_seen_before: honest,
        checkpoint_now: forged,
      });
    });

    it('reports a checkpoint in the history whose root is not the tree’s at its size', async () => {
      const dir = await tamperedCopy();
      const path = join(dir, 'checkpoints.jsonl');
      const lines = (await readFile(path, 'utf8')).split('\n');
      const row = JSON.parse(lines[10]!) as { tree_size: number; root_hash: string; note: string };
      const root = sha256(encodeUtf8('a forked tree'));
      row.note = await signForgedCheckpoint(served.logSigner, BigInt(row.tree_size), root, 1_780_000_000n);
      row.root_hash = Buffer.from(root).toString('base64');
      lines[10] = JSON.stringify(row);
      await writeFile(path, lines.join('\n'));
      const result = await auditBundle(dir);
      expect(kinds(result)).toEqual(['split_view']);
      expect(result.problems[0]!.evidence).toMatchObject({ checkpoint: row.note });
    });
  });

  describe('published reports', () => {
    it('refuses a report whose values are not the metrics at its checkpoint, in a log otherwise consistent', async () => {
      const dir = await tamperedCopy();
      await rewriteStatement(dir, treeSize, reportIndex, served.logSigner, (statement) => {
        if (statement.type !== 'report.publish') throw new Error('not the report');
        const [name, value] = Object.entries(statement.body.metrics)[0]!;
        expect(value).toBeGreaterThan(0);
        return {
          ...statement,
          body: { ...statement.body, metrics: { ...statement.body.metrics, [name]: value + 1 } },
        };
      });
      const result = await auditBundle(dir);
      expect(result.problems).toHaveLength(1);
      expect(result.problems[0]).toMatchObject({ kind: 'invalid_statement', index: reportIndex });
      expect(result.problems[0]!.message).toContain('report');
    });
  });

  describe('with a state directory', () => {
    const forkState = join(tmpdir(), `jmm-audit-fork-state-${process.pid}`);
    afterAll(async () => {
      await rm(forkState, { recursive: true, force: true });
    });

    it('resumes where it stopped, fetching only new tiles, and still checks the new statements', async () => {
      const stateDir = join(scratch, 'state-resume');
      const first = await audit(publicSource(), stateDir);
      expect(first.ok).toBe(true);
      await cp(stateDir, forkState, { recursive: true });
      const statements: Statement[] = [];
      for (let i = 0; i < 5; i++) {
        served.now += 1000;
        statements.push(served.incident({ kind: 'public' }, `A later report ${i}.`));
      }
      await served.submitAll(statements);
      await served.waitForWitness();
      const fetched: string[] = [];
      const source = publicSource();
      const counting: LogSource = {
        ...source,
        readTile: (path) => {
          fetched.push(path);
          return source.readTile(path);
        },
      };
      const second = await audit(counting, stateDir);
      expect(second).toMatchObject({ ok: true, resumedFrom: treeSize, treeSize: treeSize + 5n });
      expect(second.statementsChecked).toBe(first.statementsChecked + 5);
      // Only the partial tiles that grew: the last entry bundle, its hash tile, and the level-1 tile.
      expect(fetched.sort()).toEqual(
        [
          `tile/0/001.p/${Number(treeSize) + 5 - 256}`,
          `tile/1/000.p/1`,
          `tile/entries/001.p/${Number(treeSize) + 5 - 256}`,
        ].sort(),
      );
    });

    it('reports a split view when the log grew from another tree than the one verified before', async () => {
      const dir = join(scratch, 'grown-fork');
      await writeAuditBundle(publicSource(), dir);
      // The operator rewrote an early statement (in a tile the resumed audit does not fetch again) and signed
      // the whole new tree: consistent in itself, but not an extension of what the auditor saw.
      const early = await findStatementIndex(dir, (statement) => statement.type === 'incident.report');
      await rewriteStatement(dir, treeSize + 5n, early, served.logSigner, (statement) =>
        statement.type === 'incident.report'
          ? { ...statement, body: { ...statement.body, narrative: 'Nothing happened.' } }
          : statement,
      );
      const result = await auditBundle(dir, forkState);
      expect(kinds(result)).toEqual(['split_view']);
      expect(result.problems[0]!.evidence).toMatchObject({
        checkpoint_now: await readFile(join(dir, 'checkpoint'), 'utf8'),
      });
    });
  });
});
