// Summarises a .cpuprofile written by `npm run bench -w @jmm/server -- --cpu-prof-dir DIR`:
//   npx tsx bench/summarize-cpu-profile.ts DIR/sqlite-submissions.cpuprofile [--top 30] [--callers run]
// Prints where the server's main thread spent the window: self time by function, then the time by stage of the
// request (parse, verify, sequence, commit, prove, serialise), and with --callers F, the call paths (JMM and
// Fastify frames) that lead to the time spent in F itself. SQL timings written beside the profile are listed too.
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import type { SqlTiming } from './sql-timing.ts';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { functionName: string; url: string; lineNumber: number };
  readonly children?: number[];
}
interface Profile {
  readonly nodes: ProfileNode[];
  readonly samples: number[];
  readonly timeDeltas: number[];
  readonly startTime: number;
  readonly endTime: number;
}

const { values, positionals } = parseArgs({
  options: { top: { type: 'string', default: '30' }, callers: { type: 'string' } },
  allowPositionals: true,
});
const file = positionals[0];
if (file === undefined)
  throw new Error('usage: summarize-cpu-profile.ts <file.cpuprofile> [--top N] [--callers F]');
const top = Number(values.top);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parentOf = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);

function nameOf(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url === '' ? '' : url.replace(/^file:\/\//, '');
  const shortWhere =
    where === ''
      ? ''
      : ` ${where.includes('node_modules') ? where.slice(where.lastIndexOf('node_modules/') + 13) : relative(process.cwd(), where)}:${lineNumber + 1}`;
  return `${functionName === '' ? '(anonymous)' : functionName}${shortWhere}`;
}

// Each sample is charged the time until the next one.
const selfMs = new Map<string, number>();
const totalMicros = profile.endTime - profile.startTime || 1;
profile.samples.forEach((id, i) => {
  const ms = (profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0) / 1000;
  const leaf = byId.get(id)!;
  const leafName = nameOf(leaf);
  selfMs.set(leafName, (selfMs.get(leafName) ?? 0) + ms);
});

const windowMs = totalMicros / 1000;
const percent = (ms: number) => `${((ms / windowMs) * 100).toFixed(1).padStart(5)}%`;
console.log(`${file}: ${(windowMs / 1000).toFixed(1)} s of main-thread samples\n`);
console.log('self time');
for (const [name, ms] of [...selfMs].sort((a, b) => b[1] - a[1]).slice(0, top)) {
  console.log(`  ${percent(ms)}  ${name}`);
}
type Stage = readonly [string, (frame: ProfileNode['callFrame']) => boolean];

/**
 * Stages of a request, each recognised by a frame on the sampled stack. The product's own stages come first:
 * the innermost product frame names the stage (time inside the signature check counts as verification even
 * though it runs under the submission's preparation), and only a stack with none is charged to a library
 * stage. Code resumed after an `await` has lost its callers, which is why Kysely time mostly shows up as
 * "outside a known stage": `--sql-timing` in the bench measures it by statement instead.
 */
const PRODUCT_STAGES: readonly Stage[] = [
  ['GC', (f) => f.functionName === '(garbage collector)'],
  ['idle', (f) => f.functionName === '(idle)'],
  ['socket writes (writev)', (f) => /^(writev|writevGeneric|writeGeneric)$/.test(f.functionName)],
  [
    'response serialisation (Fastify)',
    (f) => f.url.includes('fastify/lib/reply.js') && f.functionName === 'serialize',
  ],
  // The type provider's validator wraps route schemas only; zod under parseStatement is the statement schema.
  ['route schema validation (zod)', (f) => f.url.includes('fastify-type-provider-zod')],
  [
    'signature verify (dispatch to the thread pool)',
    (f) => /^(verifyEnvelope|checkStatementSignature)$/.test(f.functionName),
  ],
  ['statement schema (zod, parseStatement)', (f) => f.functionName === 'parseStatement'],
  [
    'envelope parse + JCS serialise + digest',
    (f) => /^(parseEnvelope|serializeEnvelope|computeEnvelopeDigest)$/.test(f.functionName),
  ],
  [
    'DB: membership projection (writeMechanismProjection)',
    (f) => f.functionName === 'writeMechanismProjection',
  ],
  ['DB: statement projection', (f) => f.functionName === 'writeStatementProjection'],
  ['DB: hash tiles written', (f) => f.functionName === 'writeHashTiles'],
  ['DB: other commitBatch writes + COMMIT', (f) => /^(commitBatch|swapCheckpoint)$/.test(f.functionName)],
  ['DB: duplicate/ref lookups', (f) => /^(findEntries|findRefs)$/.test(f.functionName)],
  [
    'DB: entry bundle read',
    (f) => f.functionName === 'readEntryBundle' || f.url.endsWith('entry.repository.ts'),
  ],
  ['entry bundle encode', (f) => f.functionName === 'encodeEntryBundle'],
  ['tile update (computeTileUpdate)', (f) => f.functionName === 'computeTileUpdate'],
  ['checkpoint signing', (f) => f.functionName === 'signCheckpoint'],
  [
    'state clone/validate/apply',
    (f) => /^(cloneMechanismState|validateStatement|applyStatement)$/.test(f.functionName),
  ],
  [
    'Merkle node hashing from tiles (readNodeHashes, TileHashes)',
    (f) => /(read-node-hashes|tile-hashes)\.ts$/.test(f.url),
  ],
  [
    'inclusion proofs (generateInclusionProofFromTiles)',
    (f) => /^generate(Inclusion|Consistency)ProofFromTiles$/.test(f.functionName),
  ],
  ['sequencer, other (integrate, answer)', (f) => f.url.endsWith('log-engine.ts')],
  [
    'tile path parse + tile route',
    (f) => f.url.endsWith('log-tiles.routes.ts') || f.functionName === 'parseTilePath',
  ],
  ['proof route', (f) => f.url.endsWith('proofs.routes.ts')],
  ['submission route + toSequenced', (f) => f.url.endsWith('statements.routes.ts')],
];
const LIBRARY_STAGES: readonly Stage[] = [
  ['request body JSON.parse (Fastify)', (f) => f.functionName === 'defaultJsonParser'],
  ['helmet headers', (f) => f.url.includes('helmet')],
  ['rate limit', (f) => f.url.includes('rate-limit')],
  [
    'Kysely/SQL driver outside a known stage',
    (f) => f.url.includes('kysely') || f.url.includes('better-sqlite3') || f.url.includes('/pg'),
  ],
  ['SHA-256 (caller lost across an await)', (f) => /^(Hash|digest|update|sha256)$/.test(f.functionName)],
  [
    'Node HTTP + Fastify routing/hooks',
    (f) => f.url.includes('node:_http') || f.url.includes('fastify/lib') || f.url.includes('find-my-way'),
  ],
  [
    'Node event loop, streams, microtasks',
    (f) =>
      f.functionName === '(program)' ||
      f.functionName === 'runMicrotasks' ||
      f.url.startsWith('node:internal'),
  ],
];

function findStage(leaf: number, stages: readonly Stage[]): string | undefined {
  for (let at: number | undefined = leaf; at !== undefined; at = parentOf.get(at)) {
    const frame = byId.get(at)!.callFrame;
    const found = stages.find(([, test]) => test(frame));
    if (found !== undefined) return found[0];
  }
  return undefined;
}

const stageMs = new Map<string, number>();
profile.samples.forEach((id, i) => {
  const ms = (profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0) / 1000;
  const stage = findStage(id, PRODUCT_STAGES) ?? findStage(id, LIBRARY_STAGES) ?? 'other';
  stageMs.set(stage, (stageMs.get(stage) ?? 0) + ms);
});
console.log('\nby stage (innermost recognised frame)');
for (const [stage, ms] of [...stageMs].sort((a, b) => b[1] - a[1])) {
  console.log(`  ${percent(ms)}  ${stage}`);
}

const callersOf = values.callers;
if (callersOf !== undefined) {
  console.log(`\ncall paths to the self time of ${callersOf}`);
  const paths = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const leaf = byId.get(id)!;
    if (leaf.callFrame.functionName !== callersOf) return;
    const ms = (profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0) / 1000;
    const frames: string[] = [];
    for (let at = parentOf.get(id); at !== undefined && frames.length < 4; at = parentOf.get(at)) {
      const frame = byId.get(at)!.callFrame;
      // Only frames that say which stage this is: the project's own code and Fastify's request pipeline.
      if (
        frame.url.includes('/packages/') ||
        frame.url.includes('/apps/') ||
        frame.url.includes('fastify/lib')
      )
        frames.push(`${frame.functionName || '(anonymous)'}:${frame.lineNumber + 1}`);
    }
    const path = frames.join(' < ') || '(no project frame)';
    paths.set(path, (paths.get(path) ?? 0) + ms);
  });
  for (const [path, ms] of [...paths].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`  ${percent(ms)}  ${path}`);
  }
}

const sqlFile = `${file}.sql.json`;
if (existsSync(sqlFile)) {
  const timings = JSON.parse(readFileSync(sqlFile, 'utf8')) as SqlTiming[];
  console.log(`\nSQL statements (${sqlFile}), time as a share of the window`);
  for (const { sql, calls, milliseconds, parameters } of timings.slice(0, top)) {
    console.log(
      `  ${percent(milliseconds)}  ${String(calls).padStart(6)} calls  ${String(parameters).padStart(9)} params  ${sql}`,
    );
  }
}
