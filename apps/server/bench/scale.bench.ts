// Scale benchmark (issue 9), run with `npm run bench:scale` (a plain script, never a timed test). Grows one
// mechanism per database to 10^4, 10^5 and 10^6 statements through the real HTTP API (incident reports for the
// public and the mechanism, and responses to earlier ones, bulk-signed in worker threads between timed windows)
// and prints at each size: submissions per second (against the Ed25519 verify bound measured in the same run),
// p50/p99 of every list filter and of metrics, the read mix's throughput, the server's memory, the time from a
// restart to listening, and database bytes per statement.
//
// Flags: --only sqlite|postgres, --statements 10000,100000,1000000, --window-seconds N, --data DIR (SQLite only:
// grow the mechanism in DIR and keep it; a DIR that already holds one, from an interrupted run, is resumed),
// --cpu-prof-dir DIR
// (a CPU profile of the server in each submission window; read it with bench/summarize-cpu-profile.ts).
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { computeKeyId, encodeBase64, type Ed25519Signer } from '@jmm/core';
import { formatLoginMessage, signStatement } from '@jmm/domain';
import { createPostgresDatabase } from '@jmm/storage';
import type { EmbeddedPostgresServer } from '@jmm/storage/testing';
import { sql } from 'kysely';
import {
  cleanUpOnSignals,
  createTemporaryDirectory,
  runBenchmark,
  startPostgresForTheRun,
} from './bench-cleanup.ts';
import { BENCH_ORIGIN, formatEnrollment, signerFor } from './bench-identities.ts';
import { createBenchMechanism, type BenchMechanismLocation } from './create-bench-mechanism.ts';
import { measureVerifyBound } from './measure-verify-bound.ts';
import type { PresignScaleInput } from './presign-scale.worker.ts';
import { createReadPaths } from './read-paths.ts';
import { formatMs, formatRate, ResultTable } from './result-table.ts';
import { quantile, runLoad } from './run-load.ts';
import { SCALE_ADMIN1, SCALE_REPORTERS } from './scale-statements.ts';
import { spawnCleanedUpServer, type BenchServer } from './spawn-bench-server.ts';
import { receiveFromWorker, startTsWorker } from './start-ts-worker.ts';
import { openMechanism, parseServerConfig, SQLITE_FILE } from '@jmm/mechanism';

type Backend = 'sqlite' | 'postgres';

const SUBMIT_CONNECTIONS = 64;
const READ_CONNECTIONS = 4;
const MIX_CONNECTIONS = 64;
const READ_SECONDS = 2;
const MIX_SECONDS = 4;
/** In a `--data` directory: that the mechanism's setup finished, and the next statement number to sign. */
const PROGRESS_FILE = 'bench-progress.json';
/** Envelopes per request while growing (the API's batch submission, at most 32). */
const GROW_BATCH = 32;
/** Statements signed per chunk while growing: bounds the load generator's memory at 10^6. */
const SIGN_CHUNK = 100_000;
const COLD_METRICS_SAMPLES = 3;
const TARGETS = {
  submitFlat: 0.9,
  submitOfBound: { sqlite: 0.4, postgres: 0.3 },
  readP50Ms: 20,
  metricsP50Ms: 100,
  memoryFlat: 1.2,
  restartMs: 2000,
  readMixRps: 10_000,
};

const { values: flags } = parseArgs({
  options: {
    only: { type: 'string' },
    statements: { type: 'string', default: '10000,100000,1000000' },
    'window-seconds': { type: 'string', default: '10' },
    'cpu-prof-dir': { type: 'string' },
    data: { type: 'string' },
  },
  strict: true,
});
const backends: Backend[] =
  flags.only === 'sqlite' || flags.only === 'postgres' ? [flags.only] : ['sqlite', 'postgres'];
const milestones = flags.statements.split(',').map((text) => Number(text.trim()));
if (milestones.some((size) => !Number.isSafeInteger(size) || size < 1000))
  throw new Error('--statements is a comma-separated list of sizes of at least 1000');
const windowSeconds = Number(flags['window-seconds']);
if (flags.data !== undefined && flags.only !== 'sqlite') throw new Error('--data needs --only sqlite');

const table = new ResultTable();
cleanUpOnSignals();

/** What one size measured, for the flatness targets (each size is compared with the first). */
interface Milestone {
  readonly size: number;
  readonly submitRate: number;
  readonly rssMiB: number;
}

/** Signs load statements `from` … `from + count - 1` on every core. */
async function signScaleStatements(from: number, count: number, issuedAt: string): Promise<string[]> {
  const threads = Math.max(1, availableParallelism());
  const share = Math.ceil(count / threads);
  const parts = await Promise.all(
    Array.from({ length: threads }, (_, t) => {
      const start = from + t * share;
      const input: PresignScaleInput = {
        from: start,
        count: Math.max(0, Math.min(share, from + count - start)),
        issuedAt,
      };
      const worker = startTsWorker(new URL('./presign-scale.worker.ts', import.meta.url), input);
      return receiveFromWorker<string[]>(worker).finally(() => void worker.terminate());
    }),
  );
  return parts.flat();
}

/** Enrols the load's reporters through the real sequencer, then closes the mechanism again. */
async function enrolReporters(location: BenchMechanismLocation, issuedAt: string): Promise<void> {
  const config = parseServerConfig(
    { data: location.dataDir, 'log-level': 'silent', 'database-url': location.databaseUrl },
    {},
  );
  const mechanism = await openMechanism(config, {
    clock: () => Date.now(),
    randomBytes: (length) => new Uint8Array(length).map(() => Math.floor(Math.random() * 256)),
  });
  try {
    await Promise.all(
      SCALE_REPORTERS.map(async (name) => {
        const [org, member] = name.split('/') as [string, string];
        const key = encodeBase64((await signerFor(name)).publicKey);
        const envelope = await signStatement(
          formatEnrollment(`${org}/admin`, member, key, ['reporter'], issuedAt),
          await signerFor(`${org}/admin`),
        );
        await mechanism.services.engine.submit(envelope);
      }),
    );
  } finally {
    await mechanism.close();
  }
}

/** A session token for `signer` (challenge–response, DESIGN.md §7). */
async function signIn(url: string, signer: Ed25519Signer): Promise<string> {
  const keyId = computeKeyId(signer.publicKey);
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as Record<string, unknown>;
  };
  const { challenge } = (await post('/api/v1/auth/challenge', { key_id: keyId })) as { challenge: string };
  const signature = encodeBase64(await signer.sign(formatLoginMessage(BENCH_ORIGIN, challenge)));
  const { token } = (await post('/api/v1/auth/login', { key_id: keyId, challenge, signature })) as {
    token: string;
  };
  return token;
}

async function readTreeSize(url: string): Promise<number> {
  const text = await (await fetch(`${url}/log/checkpoint`)).text();
  return Number(text.split('\n')[1]);
}

/** Resident and peak resident memory of a process, MiB (Linux /proc). */
async function readMemoryMiB(pid: number): Promise<{ rss: number; peak: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN) / 1024;
  return { rss: field('VmRSS'), peak: field('VmHWM') };
}

async function readDatabaseBytes(location: BenchMechanismLocation): Promise<number> {
  if (location.databaseUrl === undefined) {
    let bytes = 0;
    for (const suffix of ['', '-wal']) {
      try {
        bytes += (await stat(join(location.dataDir, `jmm.sqlite${suffix}`))).size;
      } catch {
        // no WAL file at the moment
      }
    }
    return bytes;
  }
  const database = createPostgresDatabase({ connectionString: location.databaseUrl, poolSize: 1 });
  try {
    const { rows } = await sql<{
      bytes: string;
    }>`select pg_database_size(current_database())::text as bytes`.execute(database.db);
    return Number(rows[0]!.bytes);
  } finally {
    await database.db.destroy();
  }
}

/** Submits `bodies` over the keep-alive connections until they are spent; resolves the accepted count. */
async function submitAll(url: string, bodies: readonly string[], seconds = 86_400) {
  let next = 0;
  const result = await runLoad({
    url,
    connections: SUBMIT_CONNECTIONS,
    seconds,
    method: 'POST',
    source: {
      next: () => (next < bodies.length ? { path: '/api/v1/statements', body: bodies[next++]! } : undefined),
    },
    keepFailures: true,
  });
  if (result.failures > 0)
    console.error(`  ${result.failures} submissions refused, e.g. ${result.failureSamples.join(' | ')}`);
  return result;
}

function listPaths(): Record<string, { paths: string[]; member: boolean }> {
  const many = (make: () => string) => Array.from({ length: 200 }, make);
  const pick = <T>(values: readonly T[]) => values[Math.floor(Math.random() * values.length)]!;
  const day = () => new Date(Date.now() - Math.floor(Math.random() * 180) * 86_400_000).toISOString();
  return {
    'incidents (newest)': { paths: ['/api/v1/incidents'], member: false },
    'incidents ?admin1&mechanism_type': {
      paths: many(
        () =>
          `/api/v1/incidents?admin1=${pick(SCALE_ADMIN1)}&mechanism_type=${pick(['incursion', 'cross_border_fire'])}`,
      ),
      member: false,
    },
    'incidents ?party': { paths: many(() => `/api/v1/incidents?party=${pick(['pa', 'pb'])}`), member: false },
    'incidents ?status': {
      paths: many(() => `/api/v1/incidents?status=${pick(['reported', 'responded'])}`),
      member: false,
    },
    'incidents ?sort=time_desc': { paths: ['/api/v1/incidents?sort=time_desc'], member: false },
    'incidents ?from&to': {
      paths: many(() => {
        const from = day();
        return `/api/v1/incidents?from=${from}&to=${new Date(Date.parse(from) + 7 * 86_400_000).toISOString()}`;
      }),
      member: false,
    },
    'incidents ?bbox': {
      paths: many(() => {
        const lat = 31 + Math.random() * 4;
        const lon = 66 + Math.random() * 5;
        return `/api/v1/incidents?bbox=${lon.toFixed(3)},${lat.toFixed(3)},${(lon + 0.5).toFixed(3)},${(lat + 0.5).toFixed(3)}`;
      }),
      member: false,
    },
    'member: incidents ?admin1': {
      paths: many(() => `/api/v1/incidents?admin1=${pick(SCALE_ADMIN1)}`),
      member: true,
    },
    'member: exchanges': { paths: ['/api/v1/exchanges'], member: true },
    'member: cases': { paths: ['/api/v1/cases'], member: true },
    'member: findings': { paths: ['/api/v1/findings'], member: true },
    'member: commitments': { paths: ['/api/v1/commitments'], member: true },
    'member: members': { paths: ['/api/v1/members'], member: true },
  };
}

const METRICS_PATHS: Record<string, { path: string; member: boolean }> = {
  'metrics (public)': { path: '/api/v1/metrics?period=month', member: false },
  'metrics (member)': { path: '/api/v1/metrics?period=month', member: true },
  'metrics (mechanism report)': { path: '/api/v1/metrics?period=month&audience=mechanism', member: true },
};

async function timeGet(url: string, path: string, token: string | undefined): Promise<number> {
  const start = performance.now();
  const response = await fetch(`${url}${path}`, {
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return performance.now() - start;
}

async function benchBackend(
  backend: Backend,
  bound: number,
  issuedAt: string,
  postgres: () => Promise<EmbeddedPostgresServer>,
): Promise<void> {
  const dataDir = flags.data ?? (await createTemporaryDirectory(`jmm-scale-${backend}-`));
  const resume = await stat(join(dataDir, SQLITE_FILE)).then(
    () => true,
    () => false,
  );
  // Statement numbers already signed in this directory, each used once (a body signed twice would be refused as
  // already logged); a mechanism without the progress file was cut off while it was being set up.
  let signed = 0;
  if (resume) {
    const progress = await readFile(join(dataDir, PROGRESS_FILE), 'utf8').catch(() => {
      throw new Error(`${dataDir} holds a mechanism whose setup did not finish: remove the directory`);
    });
    signed = (JSON.parse(progress) as { signed: number }).signed;
  }
  const useNumbers = async (count: number): Promise<number> => {
    const first = signed;
    signed += count;
    await writeFile(join(dataDir, PROGRESS_FILE), JSON.stringify({ signed }));
    return first;
  };
  await mkdir(dataDir, { recursive: true });
  const databaseUrl =
    backend === 'postgres' ? await (await postgres()).createDatabase('jmm_scale') : undefined;
  const location: BenchMechanismLocation = { dataDir, databaseUrl };
  if (!resume) {
    await createBenchMechanism(location, issuedAt);
    await enrolReporters(location, issuedAt);
    await useNumbers(0);
  }
  let server = await startServer(location);
  const token = await signIn(server.url, await signerFor('pa/reporter1'));
  const seen: Milestone[] = [];
  // (After a resume, the first responses may refer to reports that were signed but never logged, and are refused,
  // which the rate does not count.)
  const row = (size: number, what: string, figure: string, baseline = '', target = '', verdict = '') => {
    table.row(`${backend} ${size.toLocaleString('en-US')}: ${what}`, figure, baseline, target, verdict);
    // As they come too: a run to 10^6 takes long, and an interrupted one keeps what it measured.
    console.error(`  ${backend} ${size}: ${what}: ${figure} (${baseline}) ${verdict}`);
  };

  for (const size of milestones) {
    // Grow to the size, in signed chunks (signing is never in a timed window).
    const growStart = performance.now();
    let grown = 0;
    for (
      let treeSize = await readTreeSize(server.url);
      treeSize < size;
      treeSize = await readTreeSize(server.url)
    ) {
      const count = Math.min(SIGN_CHUNK, size - treeSize);
      const bodies = await signScaleStatements(await useNumbers(count), count, issuedAt);
      // Growing is not what is measured: batches of envelopes per request, so group commits are large.
      const batches: string[] = [];
      for (let i = 0; i < bodies.length; i += GROW_BATCH)
        batches.push(`{"envelopes":[${bodies.slice(i, i + GROW_BATCH).join(',')}]}`);
      const result = await submitAll(server.url, batches);
      grown += result.successes * GROW_BATCH;
      if (result.successes === 0) throw new Error('no submission was accepted while growing the log');
    }
    const growSeconds = (performance.now() - growStart) / 1000;
    console.error(`${backend}: grew to ${size} (+${grown} in ${growSeconds.toFixed(0)} s, signing included)`);

    // Submissions at this size: a timed window, its statements signed beforehand. Every signed body counts as
    // used: some are still in flight (and may be logged) when the window closes.
    const windowCount = 3000 * windowSeconds;
    const windowBodies = await signScaleStatements(await useNumbers(windowCount), windowCount, issuedAt);
    const profileDir = flags['cpu-prof-dir'];
    if (profileDir !== undefined) await server.startProfile();
    const window = await submitAll(server.url, windowBodies, windowSeconds);
    if (profileDir !== undefined)
      await server.stopProfile(join(profileDir, `submit-${backend}-${size}.cpuprofile`));
    const submitRate = (window.successes / window.milliseconds) * 1000;
    // Each row as soon as it is measured: a server that fails a later read leaves the earlier rows standing.
    const first = seen[0];
    const ratio = first === undefined ? 1 : submitRate / first.submitRate;
    row(
      size,
      'submissions/s',
      formatRate(submitRate),
      `${((submitRate / bound) * 100).toFixed(0)}% of the verify bound ${formatRate(bound)}${first === undefined ? '' : `; ${(ratio * 100).toFixed(0)}% of the rate at ${first.size.toLocaleString('en-US')}`}`,
      `≥ ${TARGETS.submitOfBound[backend] * 100}% of bound; ≥ ${TARGETS.submitFlat * 100}% of first`,
      submitRate / bound >= TARGETS.submitOfBound[backend] && ratio >= TARGETS.submitFlat ? 'met' : 'NOT MET',
    );
    const readRow = (what: string, p50: number, p99: number, target: number) => {
      row(
        size,
        what,
        `p50 ${formatMs(p50)}, p99 ${formatMs(p99)}`,
        `${READ_CONNECTIONS} connections`,
        `p50 < ${target} ms`,
        p50 < target ? 'met' : 'NOT MET',
      );
    };

    // Every list filter and metrics: latency with a few connections; then the mix's throughput.
    const mix: string[] = [];
    for (const [what, { paths, member }] of Object.entries(listPaths())) {
      const result = await runLoad({
        url: server.url,
        connections: READ_CONNECTIONS,
        seconds: READ_SECONDS,
        method: 'GET',
        source: { cycle: paths },
        keepFailures: true,
        ...(member ? { headers: { authorization: `Bearer ${token}` } } : {}),
      });
      if (result.failures > 0) console.error(`  ${what}: ${result.failureSamples.join(' | ')}`);
      readRow(what, quantile(result.latencies, 0.5), quantile(result.latencies, 0.99), TARGETS.readP50Ms);
      if (!member) mix.push(...paths.slice(0, 50));
    }
    let peakBeforeRestart = 0;
    for (const [what, { path, member }] of Object.entries(METRICS_PATHS)) {
      // Cold: the first read at a new checkpoint computes; warm reads of the same checkpoint are cached.
      const cold: number[] = [];
      try {
        for (let i = 0; i < COLD_METRICS_SAMPLES; i += 1) {
          // A new checkpoint first (a statement already logged would leave the cached answer valid).
          const before = await readTreeSize(server.url);
          for (let now = before; now === before; now = await readTreeSize(server.url)) {
            const [body] = await signScaleStatements(await useNumbers(1), 1, issuedAt);
            await submitAll(server.url, [body!]);
          }
          cold.push(await timeGet(server.url, path, member ? token : undefined));
        }
      } catch (error) {
        // A read the server could not answer (it may have run out of memory and exited): a row that says so,
        // and a fresh server for the rest.
        row(
          size,
          `${what}, first read at a checkpoint`,
          `failed: ${error instanceof Error ? error.message : String(error)}`,
          `${cold.length} of ${COLD_METRICS_SAMPLES} reads answered; the server was restarted`,
          `p50 < ${TARGETS.metricsP50Ms} ms`,
          'NOT MET',
        );
        peakBeforeRestart = Math.max(
          peakBeforeRestart,
          (await readMemoryMiB(server.pid).catch(() => undefined))?.peak ?? 0,
        );
        await server.stop();
        server = await startServer(location);
        continue;
      }
      cold.sort((a, b) => a - b);
      readRow(`${what}, first read at a checkpoint`, cold[1]!, cold.at(-1)!, TARGETS.metricsP50Ms);
      const warm = await runLoad({
        url: server.url,
        connections: READ_CONNECTIONS,
        seconds: READ_SECONDS,
        method: 'GET',
        source: { cycle: [path] },
        ...(member ? { headers: { authorization: `Bearer ${token}` } } : {}),
      });
      readRow(
        `${what}, cached`,
        quantile(warm.latencies, 0.5),
        quantile(warm.latencies, 0.99),
        TARGETS.metricsP50Ms,
      );
      if (!member) mix.push(path);
    }
    const treeSize = BigInt(await readTreeSize(server.url));
    const logReads = createReadPaths(treeSize, 200).mix;
    const mixed = await runLoad({
      url: server.url,
      connections: MIX_CONNECTIONS,
      seconds: MIX_SECONDS,
      method: 'GET',
      source: { cycle: [...mix, ...logReads].sort(() => Math.random() - 0.5) },
    });
    const mixRate = (mixed.successes / mixed.milliseconds) * 1000;
    row(
      size,
      'read mix (lists, metrics, tiles, proofs)',
      formatRate(mixRate),
      `${MIX_CONNECTIONS} connections, one server process`,
      formatRate(TARGETS.readMixRps),
      mixRate >= TARGETS.readMixRps ? 'met' : 'NOT MET',
    );
    const memory = await readMemoryMiB(server.pid);
    const memoryRatio = first === undefined ? 1 : memory.rss / first.rssMiB;
    row(
      size,
      'server memory (after the reads)',
      `${memory.rss.toFixed(0)} MiB (peak ${Math.max(memory.peak, peakBeforeRestart).toFixed(0)} MiB)`,
      first === undefined ? '' : `${memoryRatio.toFixed(2)}× the first size`,
      `≤ ${TARGETS.memoryFlat}× the first`,
      memoryRatio <= TARGETS.memoryFlat ? 'met' : 'NOT MET',
    );
    const bytes = await readDatabaseBytes(location);
    row(
      size,
      'database size',
      `${(bytes / 1024 ** 2).toFixed(0)} MiB`,
      `${Math.round(bytes / Number(treeSize)).toLocaleString('en-US')} bytes per statement`,
    );

    // Restart: stop, start again, and time the new process from its start to listening.
    await server.stop();
    server = await startServer(location);
    seen.push({ size, submitRate, rssMiB: memory.rss });
    row(
      size,
      'restart to listening',
      formatMs(server.readyMs),
      `opening the mechanism ${formatMs(server.openMs)}; the rest is loading modules`,
      `< ${TARGETS.restartMs} ms`,
      server.readyMs < TARGETS.restartMs ? 'met' : 'NOT MET',
    );
  }
  await server.stop();
}

function startServer(location: BenchMechanismLocation): Promise<BenchServer> {
  return spawnCleanedUpServer(location, { sqlTiming: flags['cpu-prof-dir'] !== undefined, built: true });
}

async function main(): Promise<void> {
  const cores = availableParallelism();
  console.log(
    `JMM scale benchmark — ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${cores} cores, Node ${process.version}; sizes ${milestones.join(', ')}\n`,
  );
  const verify = await measureVerifyBound(cores, 2000);
  table.row('Ed25519 verify bound', formatRate(verify.bound), `${cores} cores, measured in this run`);
  const issuedAt = new Date().toISOString();
  let postgres: EmbeddedPostgresServer | undefined;
  const startPostgres = async () => (postgres ??= await startPostgresForTheRun({ durable: true }));
  for (const backend of backends) await benchBackend(backend, verify.bound, issuedAt, startPostgres);
}

await runBenchmark(main, table);
