// A malicious operator's tools for the tests: it holds the log key (and, for some tests, a member's key), so
// it can sign checkpoints over any tree it likes. What it cannot do is make the auditor accept them.
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  computeTileUpdate,
  decodeBase64,
  decodeEntryBundle,
  encodeEntryBundle,
  formatEntryBundlePath,
  formatTilePath,
  hashLeaf,
  listTilesForGrowth,
  parseEnvelope,
  computeEnvelopeDigest,
  signCheckpoint,
  signCosignature,
  TILE_WIDTH,
  type NoteSigner,
} from '@jmm/core';
import { createLogEntry, encodeLogEntry, parseStatement, signStatement, type Statement } from '@jmm/domain';
import { signerFor, witnessCosigner, ORIGIN } from './served-mechanism.ts';

/** Copies a bundle to a fresh directory to tamper with. */
export async function copyBundle(from: string, to: string): Promise<string> {
  await rm(to, { recursive: true, force: true });
  await cp(from, to, { recursive: true });
  return to;
}

/** Flips one bit of byte `offset` (negative: from the end) of a bundle file. */
export async function flipByte(dir: string, path: string, offset: number): Promise<void> {
  const bytes = await readFile(join(dir, path));
  const at = offset < 0 ? bytes.length + offset : offset;
  bytes[at] = bytes[at]! ^ 1;
  await writeFile(join(dir, path), bytes);
}

/** A checkpoint note signed by the log key, cosigned by the test witness (so the policy holds). */
export async function signForgedCheckpoint(
  logSigner: NoteSigner,
  treeSize: bigint,
  rootHash: Uint8Array,
  timestamp: bigint,
): Promise<string> {
  const note = await signCheckpoint({ origin: ORIGIN, treeSize, rootHash }, logSigner);
  const text = note.slice(0, note.indexOf('\n\n') + 1);
  return note + (await signCosignature(text, timestamp, await witnessCosigner()));
}

/**
 * The index of the first statement of the bundle's first entry bundle that `select` picks: which indexes the
 * bundle holds depends on the order concurrent submissions were sequenced in, so a test must not name one.
 */
export async function findStatementIndex(
  dir: string,
  select: (statement: Statement) => boolean,
): Promise<bigint> {
  const rows = (await readFile(join(dir, 'envelopes', '0.jsonl'), 'utf8'))
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as { index: number; envelope: unknown });
  for (const row of rows) {
    const envelope = parseEnvelope(row.envelope, { maxPayloadBytes: 1 << 20, maxSignatures: 1 });
    if (select(parseStatement(decodeBase64(envelope.payload)))) return BigInt(row.index);
  }
  throw new Error(`no statement in ${dir} is the one asked for`);
}

/**
 * Rewrites the statement at `index` in a bundle (re-signed with its issuer's test key, so its signature is
 * valid), then rebuilds every tile and signs a new checkpoint with the log key: a log the operator fabricated
 * whole, consistent in every hash. The history is replaced by that one checkpoint.
 */
export async function rewriteStatement(
  dir: string,
  size: bigint,
  index: bigint,
  logSigner: NoteSigner,
  edit: (statement: Statement) => Statement,
): Promise<void> {
  const tile = index / BigInt(TILE_WIDTH);
  const width = Math.min(TILE_WIDTH, Number(size - tile * BigInt(TILE_WIDTH)));
  const envelopesPath = join(dir, 'envelopes', `${tile}.jsonl`);
  const rows = (await readFile(envelopesPath, 'utf8'))
    .split('\n')
    .filter((line) => line !== '')
    .map(
      (line) => JSON.parse(line) as { index: number; digest: string; log_time: string; envelope: unknown },
    );
  const row = rows.find((candidate) => BigInt(candidate.index) === index)!;
  const envelope = parseEnvelope(row.envelope, { maxPayloadBytes: 1 << 20, maxSignatures: 1 });
  const statement = edit(parseStatement(decodeBase64(envelope.payload)));
  const forged = await signStatement(
    statement,
    await signerFor(`${statement.issuer.org}/${statement.issuer.member}`),
  );
  const digest = computeEnvelopeDigest(forged);
  row.digest = digest;
  row.envelope = forged;
  await writeFile(envelopesPath, rows.map((line) => `${JSON.stringify(line)}\n`).join(''));

  const bundlePath = formatEntryBundlePath({ index: tile, width });
  const entries = decodeEntryBundle(await readFile(join(dir, bundlePath)), width);
  entries[Number(index % BigInt(TILE_WIDTH))] = encodeLogEntry(
    createLogEntry(statement, digest, row.log_time),
  );
  await writeFile(join(dir, bundlePath), encodeEntryBundle(entries));

  const leaves: Uint8Array[] = [];
  for (const { index: bundle, width: bundleWidth } of listTilesForGrowth(0n, size).filter(
    (t) => t.level === 0,
  )) {
    const bytes = await readFile(join(dir, formatEntryBundlePath({ index: bundle, width: bundleWidth })));
    leaves.push(...decodeEntryBundle(bytes, bundleWidth).map(hashLeaf));
  }
  const update = await computeTileUpdate(0n, leaves, () => Promise.reject(new Error('no tiles before')));
  // Same size, same tile paths: every hash tile is overwritten.
  for (const hashTile of update.tiles) {
    const path = join(dir, formatTilePath(hashTile));
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, hashTile.data);
  }
  const note = await signForgedCheckpoint(logSigner, size, update.rootHash, 1_780_000_000n);
  await writeFile(join(dir, 'checkpoint'), note);
  await writeFile(join(dir, 'checkpoints.jsonl'), '');
}
