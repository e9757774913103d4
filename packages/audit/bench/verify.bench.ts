// Benchmark of `jmm verify` (issue 11): audits a bundle of N public statements and reports statements per second
// against the all-cores Ed25519 verify bound measured in the same run (target ≥ 80%), and the audit's peak RSS
// (target: flat in N). Each audit runs in a child process so its peak RSS is its own.
//
//   npm run bench -w @jmm/audit -- --statements 10000,100000,1000000
//   BENCH_STATEMENTS=100000 npm run bench -w @jmm/audit
//
// Flags: --statements N[,N…] (default 1,000,000, or BENCH_STATEMENTS), --cache DIR (bundles are built once and
// reused; default $TMPDIR/jmm-audit-bench), --workers N (the auditor's signature threads; default all cores),
// --bound-sample N (signatures the bound is measured on; default 100,000), --rebuild.
import { fork } from 'node:child_process';
import { access, mkdir, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { computeKeyId, decodeBase64 } from '@jmm/core';
import { auditLog, createBundleLogSource, readBundleManifest } from '../src/index.ts';
import { buildSyntheticBundle } from '../test/support/build-bundle.ts';
import { publicKeyFor, REPORTERS } from '../test/support/synthetic-mechanism.ts';
import { measureVerifyBound } from './measure-verify-bound.ts';

/** What the audit child process reports. */
interface AuditRun {
  readonly ok: boolean;
  readonly problems: number;
  readonly treeSize: number;
  readonly statementsChecked: number;
  readonly seconds: number;
  readonly peakRssBytes: number;
  /** RSS when 25, 50, 75 and 100% of the entries were audited. */
  readonly rssAt: readonly number[];
}

const BUNDLE_VERSION = 'v1';
const MiB = 1024 * 1024;

/** The child: audits one bundle and sends what it measured. */
async function runAuditChild(dir: string, workers: number): Promise<void> {
  const manifest = await readBundleManifest(dir);
  const source = await createBundleLogSource(dir);
  const rssAt: number[] = [];
  let nextQuarter = 1;
  const start = performance.now();
  const result = await auditLog(source, {
    origin: manifest.origin,
    logVkey: manifest.log_vkey,
    workers,
    onProgress: ({ stage, done, total }) => {
      if (stage !== 'auditing') return;
      while (nextQuarter <= 4 && done * 4n >= total * BigInt(nextQuarter)) {
        rssAt.push(process.memoryUsage.rss());
        nextQuarter += 1;
      }
    },
  });
  const seconds = (performance.now() - start) / 1000;
  const run: AuditRun = {
    ok: result.ok,
    problems: result.problems.length,
    treeSize: Number(result.treeSize),
    statementsChecked: result.statementsChecked,
    seconds,
    // getrusage's ru_maxrss (KiB on Linux): the true peak, not a sample.
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    rssAt,
  };
  if (!result.ok) console.error(result.problems.slice(0, 5));
  // Run by hand (no IPC channel), it prints its figures instead.
  if (process.send === undefined) console.log(JSON.stringify(run));
  else process.send(run, () => process.exit(0));
}

function auditInChild(dir: string, workers: number): Promise<AuditRun> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['--child-audit', dir, '--workers', String(workers)]);
    let run: AuditRun | undefined;
    child.once('message', (message) => {
      run = message as AuditRun;
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (run !== undefined) resolve(run);
      else reject(new Error(`the audit child exited with code ${code} without a result`));
    });
  });
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** The bundle of `statements` reports in the cache, built now unless there already; the seconds building took. */
async function ensureBundle(
  cache: string,
  statements: number,
  rebuild: boolean,
): Promise<{ dir: string; buildSeconds: number | undefined }> {
  const dir = join(cache, `reports-${statements}-${BUNDLE_VERSION}`);
  if (!rebuild && (await exists(join(dir, 'bundle.json')))) return { dir, buildSeconds: undefined };
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const start = performance.now();
  let shown = 0;
  await buildSyntheticBundle({
    dir,
    statements,
    onProgress: (done, total) => {
      if (done - shown >= total / 20 || done === total) {
        shown = done;
        process.stderr.write(
          `\r  building ${statements.toLocaleString('en-US')}: ${Math.round((100 * done) / total)}%   `,
        );
      }
    },
  });
  process.stderr.write('\n');
  return { dir, buildSeconds: (performance.now() - start) / 1000 };
}

async function keyLookup(): Promise<(keyId: string) => Uint8Array | undefined> {
  const keys = new Map<string, Uint8Array>();
  for (const name of REPORTERS) {
    const publicKey = decodeBase64(await publicKeyFor(name));
    keys.set(computeKeyId(publicKey), publicKey);
  }
  return (keyId) => keys.get(keyId);
}

function formatMiB(bytes: number): string {
  return `${Math.round(bytes / MiB)} MiB`;
}

function printTable(headers: string[], rows: string[][]): void {
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padStart(widths[i]!)).join(' │ ');
  console.log(line(headers));
  console.log(widths.map((width) => '─'.repeat(width)).join('─┼─'));
  for (const row of rows) console.log(line(row));
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      statements: { type: 'string' },
      cache: { type: 'string' },
      workers: { type: 'string' },
      'bound-sample': { type: 'string' },
      rebuild: { type: 'boolean', default: false },
      'child-audit': { type: 'string' },
    },
  });
  const workers = values.workers === undefined ? availableParallelism() : Number(values.workers);
  if (values['child-audit'] !== undefined) {
    await runAuditChild(values['child-audit'], workers);
    return;
  }
  const sizes = (values.statements ?? process.env.BENCH_STATEMENTS ?? '1000000')
    .split(',')
    .map((size) => Number(size.replaceAll('_', '')));
  if (sizes.some((size) => !Number.isSafeInteger(size) || size < 1))
    throw new Error('--statements takes positive integers, comma-separated');
  const cache = values.cache ?? process.env.BENCH_CACHE ?? join(tmpdir(), 'jmm-audit-bench');
  const boundSample = Number(values['bound-sample'] ?? 100_000);
  const cores = availableParallelism();
  const publicKeyOf = await keyLookup();

  console.log(
    `jmm verify benchmark: ${cores} cores, Node ${process.version}, auditor threads ${workers}, bundles in ${cache}`,
  );
  const rows: string[][] = [];
  for (const size of sizes) {
    const { dir, buildSeconds } = await ensureBundle(cache, size, values.rebuild);
    // The machine may be shared: the bound is measured just before and just after the audit, and the higher
    // (the stricter baseline) is the one the audit is judged against.
    const before = await measureVerifyBound(dir, cores, Math.min(boundSample, size), publicKeyOf);
    const run = await auditInChild(dir, workers);
    if (!run.ok)
      throw new Error(
        `the audit of ${dir} found ${run.problems} problems: the benchmark's bundle must be valid`,
      );
    const after = await measureVerifyBound(dir, cores, Math.min(boundSample, size), publicKeyOf);
    const bound = Math.max(before.perSecond, after.perSecond);
    const rate = run.statementsChecked / run.seconds;
    const ratio = rate / bound;
    rows.push([
      run.treeSize.toLocaleString('en-US'),
      buildSeconds === undefined ? 'cached' : `${buildSeconds.toFixed(1)} s`,
      `${run.seconds.toFixed(1)} s`,
      `${Math.round(rate).toLocaleString('en-US')}/s`,
      `${Math.round(bound).toLocaleString('en-US')}/s (${Math.round(before.perSecond / 1000)}k, ${Math.round(after.perSecond / 1000)}k)`,
      `${(100 * ratio).toFixed(0)}% ${ratio >= 0.8 ? 'ok' : 'below 80%'}`,
      formatMiB(run.peakRssBytes),
      run.rssAt.map((rss) => Math.round(rss / MiB)).join(' / '),
    ]);
  }
  console.log('');
  printTable(
    [
      'entries',
      'build',
      'audit',
      'statements/s',
      `Ed25519 bound, ${cores} threads (before, after)`,
      'of bound (≥80%)',
      'peak RSS',
      'RSS MiB at 25/50/75/100%',
    ],
    rows,
  );
  console.log(
    `  · statements/s = statements fully checked (digest, entry, signature, enrolment, domain rules) / audit wall time`,
  );
  console.log(
    `  · the bound verifies up to ${boundSample.toLocaleString('en-US')} of the bundle's own signatures on ${cores} worker threads`,
  );
  console.log("  · peak RSS is the audit process's getrusage maximum (flat = not growing with the log)");
}

await main();
