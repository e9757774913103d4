import {
  decodeEntryBundle,
  decodeUtf8,
  encodeBase64,
  equalBytes,
  generateInclusionProofFromTiles,
  hashLeaf,
  isCoreError,
  MERKLE_HASH_LENGTH,
  parseJson,
  TILE_WIDTH,
  tileWidthForTreeSize,
  verifyInclusionProof,
  type Checkpoint,
  type TileReader,
} from '@jmm/core';

/** Where tiles come from: the log's C2SP tlog-tiles endpoints, or a test's in-memory tree. */
export interface TileSource {
  readonly readHashTile: TileReader;
  readEntryBundle(index: bigint, width: number): Promise<Uint8Array>;
}

/** Why an entry read by index is not verified; each is shown to the reader as is. */
export type EntryProblem =
  'bundle_malformed' | 'tile_malformed' | 'leaf_hash_mismatch' | 'inclusion_proof_failed' | 'entry_not_json';

export interface EntryByIndexReport {
  readonly index: bigint;
  readonly treeSize: bigint;
  readonly verified: boolean;
  readonly problems: readonly EntryProblem[];
  /** The entry's bytes as UTF-8 text, as the entry bundle holds them (undefined if the bundle is malformed). */
  readonly entryText: string | undefined;
  readonly entry: Readonly<Record<string, unknown>> | undefined;
  /** The statement digest the entry names (DESIGN.md §4), if it names one. */
  readonly digest: string | undefined;
  /** RFC 9162 leaf hash SHA-256(0x00 ‖ entry), base64. */
  readonly leafHash: string | undefined;
  /** The inclusion proof assembled from hash tiles, base64, leaf to root. */
  readonly proof: readonly string[];
}

/** Entries are under 1 KiB (DESIGN.md §4); tlog-tiles caps them at 65,535 bytes. */
const MAX_ENTRY_BYTES = 65_535;

/**
 * Reads entry `index` the way a standard tlog-tiles client does (c2sp.org/tlog-tiles "Log entries") and checks
 * it against `checkpoint`, which the caller has verified: the entry bundle beside level-0 tile ⌊index/256⌋ at
 * the width the tree size gives it; the entry's leaf hash against the hash that tile lists for it; and an
 * inclusion proof assembled from hash tiles up to the checkpoint's root hash (RFC 9162 §2.1.3.2). Nothing here
 * trusts the server: a tile that lies shows as a problem, never as verified.
 *
 * Throws `RangeError` for an index outside the checkpoint's tree; errors reading tiles pass through.
 */
export async function verifyEntryByIndex(
  index: bigint,
  checkpoint: Checkpoint,
  source: TileSource,
): Promise<EntryByIndexReport> {
  const { treeSize } = checkpoint;
  if (index < 0n || index >= treeSize) {
    throw new RangeError(`index ${String(index)} is not in the tree of ${String(treeSize)} entries`);
  }
  const tileIndex = index / BigInt(TILE_WIDTH);
  const position = Number(index % BigInt(TILE_WIDTH));
  const width = tileWidthForTreeSize(treeSize, 0, tileIndex);
  const problems: EntryProblem[] = [];
  const base = { index, treeSize };

  let entryBytes: Uint8Array;
  try {
    entryBytes = decodeEntryBundle(await source.readEntryBundle(tileIndex, width), width)[position]!;
  } catch (cause) {
    if (!isCoreError(cause)) throw cause;
    return { ...base, verified: false, problems: ['bundle_malformed'], ...NOTHING_READ };
  }
  const leafHash = hashLeaf(entryBytes);

  const tile = await source.readHashTile(0, tileIndex, width);
  if (tile.length !== width * MERKLE_HASH_LENGTH) problems.push('tile_malformed');
  else {
    const listed = tile.subarray(position * MERKLE_HASH_LENGTH, (position + 1) * MERKLE_HASH_LENGTH);
    if (!equalBytes(listed, leafHash)) problems.push('leaf_hash_mismatch');
  }

  let proof: Uint8Array[] = [];
  try {
    proof = await generateInclusionProofFromTiles(index, treeSize, source.readHashTile);
    verifyInclusionProof(leafHash, index, treeSize, proof, checkpoint.rootHash);
  } catch (cause) {
    if (!isCoreError(cause)) throw cause;
    problems.push(cause.code === 'invalid_tile' ? 'tile_malformed' : 'inclusion_proof_failed');
  }

  const { entryText, entry } = readEntry(entryBytes);
  if (entry === undefined) problems.push('entry_not_json');
  const digest = typeof entry?.digest === 'string' ? entry.digest : undefined;
  return {
    ...base,
    verified: problems.length === 0,
    problems: [...new Set(problems)],
    entryText,
    entry,
    digest,
    leafHash: encodeBase64(leafHash),
    proof: proof.map(encodeBase64),
  };
}

const NOTHING_READ = {
  entryText: undefined,
  entry: undefined,
  digest: undefined,
  leafHash: undefined,
  proof: [],
} as const;

function readEntry(bytes: Uint8Array): {
  entryText: string | undefined;
  entry: Readonly<Record<string, unknown>> | undefined;
} {
  let entryText: string;
  try {
    entryText = decodeUtf8(bytes);
  } catch {
    return { entryText: undefined, entry: undefined };
  }
  try {
    const value = parseJson(entryText, { maxLength: MAX_ENTRY_BYTES, maxDepth: 4 });
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      return { entryText, entry: value };
    }
  } catch (cause) {
    if (!isCoreError(cause)) throw cause;
  }
  return { entryText, entry: undefined };
}
