// Issue 11, "Tampering": 1,000 random single-byte changes to an audit bundle; the audit must detect every one
// that changes the bundle's meaning (bundle-meaning.ts says what that is). Each change is made on the bundle in
// place and undone after its audit. The changes are drawn from a seeded generator, so a failure is reproduced
// by running again (TAMPER_SEED overrides the seed; TAMPER_CHANGES the count).
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditError, auditLog, createBundleLogSource, type AuditResult } from '../src/index.ts';
import { buildSyntheticBundle, type SyntheticBundle } from './support/build-bundle.ts';
import { describeBundleFileMeaning } from './support/bundle-meaning.ts';

const SEED = Number(process.env.TAMPER_SEED ?? 0x5eed_0011);
const CHANGES = Number(process.env.TAMPER_CHANGES ?? 1000);

/** The kinds of file a change is made in, drawn evenly so that small files get their share. */
const KINDS = ['hash tile', 'entry bundle', 'envelopes', 'checkpoint', 'checkpoints.jsonl'] as const;
type FileKind = (typeof KINDS)[number];

function kindOf(path: string): FileKind | undefined {
  if (path.startsWith('tile/entries/')) return 'entry bundle';
  if (path.startsWith('tile/')) return 'hash tile';
  if (path.startsWith('envelopes/')) return 'envelopes';
  if (path === 'checkpoint' || path === 'checkpoints.jsonl') return path;
  // bundle.json names what the bundle claims to be; the audit's trust roots are the caller's, not its.
  return undefined;
}

/** mulberry32: a small seeded generator, so every run makes the same changes. */
function createRandom(seed: number): (below: number) => number {
  let state = seed >>> 0;
  return (below) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * below);
  };
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)));
}

interface Outcome {
  readonly detected: boolean;
  /** The first problem's kind, or the AuditError code when the audit refused the bundle outright. */
  readonly how: string;
}

async function auditBundle(bundle: SyntheticBundle): Promise<Outcome> {
  let result: AuditResult;
  try {
    result = await auditLog(await createBundleLogSource(bundle.dir), {
      origin: bundle.origin,
      logVkey: bundle.logVkey,
      workers: 0,
    });
  } catch (error) {
    // A bundle the auditor cannot even read is refused: `jmm verify` fails with the error's exit code.
    if (error instanceof AuditError) return { detected: true, how: `refused: ${error.code}` };
    throw error;
  }
  return { detected: !result.ok, how: result.problems[0]?.kind ?? 'none' };
}

describe('auditLog over a tampered audit bundle', () => {
  let bundle: SyntheticBundle;
  let files: Map<string, Buffer>;

  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'jmm-tamper-bundle-'));
    bundle = await buildSyntheticBundle({ dir, statements: 200, script: 'mixed', batchSize: 16 });
    files = new Map();
    for (const path of await listFiles(dir)) files.set(path, await readFile(join(dir, path)));
  });

  afterAll(async () => {
    await rm(bundle.dir, { recursive: true, force: true });
  });

  it('passes the untouched bundle, which has every kind of file', async () => {
    expect(await auditBundle(bundle)).toEqual({ detected: false, how: 'none' });
    const kinds = new Set([...files.keys()].map(kindOf));
    for (const kind of KINDS) expect(kinds).toContain(kind);
  });

  it(`detects every one of ${CHANGES} random single-byte changes that changes the bundle's meaning`, async () => {
    const random = createRandom(SEED);
    const byKind = new Map<FileKind, string[]>(KINDS.map((kind) => [kind, []]));
    for (const path of files.keys()) {
      const kind = kindOf(path);
      if (kind !== undefined) byKind.get(kind)!.push(path);
    }
    const missed: string[] = [];
    const tally = new Map<string, number>();
    let meaningless = 0;
    for (let change = 0; change < CHANGES; change++) {
      const candidates = byKind.get(KINDS[random(KINDS.length)]!)!;
      const path = candidates[random(candidates.length)]!;
      const original = files.get(path)!;
      const offset = random(original.length);
      const byte = (original[offset]! + 1 + random(255)) & 0xff;
      const changed = Buffer.from(original);
      changed[offset] = byte;
      if (describeBundleFileMeaning(path, changed) === describeBundleFileMeaning(path, original)) {
        meaningless += 1;
        continue;
      }
      await writeFile(join(bundle.dir, path), changed);
      try {
        const outcome = await auditBundle(bundle);
        tally.set(outcome.how, (tally.get(outcome.how) ?? 0) + 1);
        if (!outcome.detected) {
          const context = original.subarray(Math.max(0, offset - 24), offset + 24).toString('latin1');
          missed.push(
            `change ${change}: ${path} byte ${offset} 0x${original[offset]!.toString(16)} → 0x${byte.toString(16)} near ${JSON.stringify(context)}`,
          );
        }
      } finally {
        await writeFile(join(bundle.dir, path), original);
      }
    }
    if (process.env.TAMPER_VERBOSE !== undefined) console.info({ meaningless, tally, missed });
    expect(missed, `undetected changes (seed ${SEED}): ${missed.length}`).toEqual([]);
    // Most single-byte changes change meaning; a run where few did would prove little.
    expect(meaningless).toBeLessThan(CHANGES / 10);
    expect([...tally.values()].reduce((sum, n) => sum + n, 0)).toBe(CHANGES - meaningless);
  }, 240_000);

  // Changes the random ones rarely make, each of which hides a signed checkpoint from the audit.
  describe('when a row of checkpoints.jsonl is renumbered below the row before it', () => {
    it('reports the row, whose signed checkpoint it would otherwise never check', async () => {
      const path = 'checkpoints.jsonl';
      const original = files.get(path)!;
      const rows = original.toString('utf8').split('\n');
      const third = JSON.parse(rows[2]!) as { tree_size: number };
      rows[2] = rows[2]!.replace(`"tree_size":${third.tree_size}`, `"tree_size":${third.tree_size - 40}`);
      const changed = Buffer.from(rows.join('\n'));
      expect(describeBundleFileMeaning(path, changed)).not.toBe(describeBundleFileMeaning(path, original));
      await writeFile(join(bundle.dir, path), changed);
      try {
        expect((await auditBundle(bundle)).detected).toBe(true);
      } finally {
        await writeFile(join(bundle.dir, path), original);
      }
    });
  });
});
