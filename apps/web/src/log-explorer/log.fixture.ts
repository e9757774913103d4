// A small log built with @jmm/core's own functions, for the log explorer's tests: entries, hash tiles, entry
// bundles, and checkpoints signed by the log's key and cosigned by witnesses.
import {
  canonicalizeJson,
  computeRootHash,
  createCosigner,
  createCosignatureNoteSigner,
  createNoteSigner,
  ed25519,
  encodeEntryBundle,
  encodeUtf8,
  formatCheckpoint,
  formatVerifierKey,
  hashLeaf,
  signNote,
  SIGNATURE_TYPE_COSIGNATURE_V1,
  TILE_WIDTH,
  type Checkpoint,
  type Cosigner,
} from '@jmm/core';
import type { TileSource } from './verify-entry-by-index.ts';

export const ORIGIN = 'jmm.example/test-log';

function seedOf(byte: number): Uint8Array {
  return new Uint8Array(32).fill(byte);
}

export async function createLogKey(seedByte = 1) {
  const seed = seedOf(seedByte);
  const signer = await createNoteSigner({ name: ORIGIN, seed });
  const vkey = formatVerifierKey(ORIGIN, (await ed25519.createSigner(seed)).publicKey);
  return { signer, vkey };
}

export async function createWitness(
  name: string,
  seedByte: number,
): Promise<{ name: string; cosigner: Cosigner; vkey: string }> {
  const cosigner = await createCosigner({ name, seed: seedOf(seedByte) });
  const vkey = formatVerifierKey(name, cosigner.publicKey, SIGNATURE_TYPE_COSIGNATURE_V1);
  return { name, cosigner, vkey };
}

export function makeEntries(count: number): Uint8Array[] {
  return Array.from({ length: count }, (_, i) =>
    encodeUtf8(
      canonicalizeJson({
        v: 1,
        digest: `sha256:${i.toString(16).padStart(64, '0')}`,
        audience: 'mechanism',
        time: '2025-01-01T00:00:00Z',
      }),
    ),
  );
}

/** Hash tiles and entry bundles of the tree of `entries`, computed from the leaves (c2sp.org/tlog-tiles). */
export function makeTileSource(entries: readonly Uint8Array[]): TileSource & { rootHash: Uint8Array } {
  const leafHashes = entries.map(hashLeaf);
  const size = BigInt(entries.length);
  return {
    rootHash: computeRootHash(leafHashes),
    readHashTile(level, index, width) {
      const span = 256n ** BigInt(level);
      const out = new Uint8Array(width * 32);
      for (let i = 0; i < width; i++) {
        const start = (index * BigInt(TILE_WIDTH) + BigInt(i)) * span;
        const end = start + span > size ? size : start + span;
        out.set(computeRootHash(leafHashes, start, end), i * 32);
      }
      return Promise.resolve(out);
    },
    readEntryBundle(index, width) {
      const start = Number(index) * TILE_WIDTH;
      return Promise.resolve(encodeEntryBundle(entries.slice(start, start + width)));
    },
  };
}

export function checkpointOf(entries: readonly Uint8Array[]): Checkpoint {
  return {
    origin: ORIGIN,
    treeSize: BigInt(entries.length),
    rootHash: makeTileSource(entries).rootHash,
    extensions: [],
  };
}

/** A checkpoint note signed by `signers` (the log's note signer and any witnesses' cosignature signers). */
export function signCheckpointNote(
  checkpoint: Checkpoint,
  signers: Parameters<typeof signNote>[1],
): Promise<string> {
  return signNote(formatCheckpoint(checkpoint), signers);
}

export { createCosignatureNoteSigner };
