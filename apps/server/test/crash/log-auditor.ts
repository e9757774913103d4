import {
  CompactRange,
  computeEnvelopeDigest,
  createNoteVerifier,
  decodeBase64,
  decodeEntryBundle,
  decodeUtf8,
  encodeHex,
  equalBytes,
  formatEntryBundlePath,
  formatTilePath,
  hashLeaf,
  openCheckpoint,
  TILE_WIDTH,
  verifyConsistencyProof,
  verifyInclusionProof,
  type Envelope,
  type NoteVerifier,
} from '@jmm/core';
import type { StoredCheckpoint } from '@jmm/log';
import { expect } from 'vitest';
import type { CrashLedger } from './crash-ledger.ts';

const REQUEST_TIMEOUT_MS = 30_000;
/** Parallel requests while auditing: enough to be quick, few enough not to look like the load itself. */
const AUDIT_CONCURRENCY = 8;

async function mapConcurrently<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

async function get(url: string, path: string): Promise<Response> {
  const response = await fetch(new URL(path, url), { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  if (response.status !== 200) {
    throw new Error(`GET ${path} answered ${response.status}: ${(await response.text()).slice(0, 500)}`);
  }
  return response;
}

async function getBytes(url: string, path: string): Promise<Uint8Array> {
  return new Uint8Array(await (await get(url, path)).arrayBuffer());
}

interface StatementAnswer {
  readonly digest: string;
  readonly index: number;
  readonly tree_size: number;
  readonly checkpoint: string;
  readonly entry: string;
  readonly inclusion_proof: readonly string[];
  readonly envelope: Envelope;
  readonly duplicate?: boolean;
}

/**
 * Audits a restarted server against everything clients were ever told, recomputing the tree from the entry
 * bundles it serves rather than trusting its proofs:
 * - every checkpoint served or stored is signed by the log, and no tree size ever had two roots;
 * - the served entries hash to the root of every such checkpoint, and the level-0 tiles hold their hashes;
 * - every acknowledged statement is at its acknowledged index, and readable there with a proof that verifies;
 * - no statement is in the log twice; a statement sent without an answer is in the log once or not at all,
 *   and resubmitting it says which (200 duplicate at the same index, or 201);
 * - consistency proofs from the served checkpoints to the latest one verify.
 */
export class LogAuditor {
  private readonly rootsBySize = new Map<bigint, Uint8Array>();
  private readonly openedNotes = new Set<string>();
  private readonly statementsRead = new Set<string>();
  private readonly proofsChecked = new Set<string>();
  private readonly consistencyChecked = new Set<bigint>();
  private readonly ledger: CrashLedger;
  private readonly logVerifierKey: string;
  private readonly verifier: NoteVerifier;
  private readonly origin: string;

  /** `logVerifierKey` comes from mechanism.json, as written at initialisation: trusted, unlike the server. */
  constructor(ledger: CrashLedger, logVerifierKey: string, origin: string) {
    this.ledger = ledger;
    this.logVerifierKey = logVerifierKey;
    this.verifier = createNoteVerifier(logVerifierKey);
    this.origin = origin;
  }

  /** Checkpoints whose root the audit has seen, by size. */
  get checkpointSizes(): number {
    return this.rootsBySize.size;
  }

  /**
   * Checks the history read from storage after a kill: each stored checkpoint is signed and agrees with
   * every other at its size, and every checkpoint served so far (all by now-dead servers) was committed.
   */
  async checkStoredHistory(history: readonly StoredCheckpoint[]): Promise<void> {
    for (const stored of history) {
      const { checkpoint } = await openCheckpoint(stored.note, this.verifier, { origin: this.origin });
      expect(checkpoint.treeSize, 'stored note vs tree_size column').toBe(stored.treeSize);
      expect(equalBytes(checkpoint.rootHash, stored.rootHash), 'stored note vs root_hash column').toBe(true);
      this.registerRoot(stored.treeSize, stored.rootHash, 'the storage history');
    }
    await this.openServedNotes();
    const storedSizes = new Set(history.map((stored) => stored.treeSize));
    for (const size of this.rootsBySize.keys()) {
      expect(storedSizes.has(size), `served checkpoint of size ${size} is not in the storage history`).toBe(
        true,
      );
    }
  }

  /** Audits the server at `url`; resolves to the latest tree size. See the class comment. */
  async audit(url: string, options: { readonly allConsistencyProofs: boolean }): Promise<bigint> {
    const { log_vkey: served } = (await (await get(url, '/api/v1/mechanism')).json()) as { log_vkey: string };
    expect(served, 'the log key the server names').toBe(this.logVerifierKey);
    const latest = await (await get(url, '/log/checkpoint')).text();
    this.ledger.servedNotes.add(latest);
    await this.openServedNotes();
    const { checkpoint } = await openCheckpoint(latest, this.verifier, { origin: this.origin });
    const size = checkpoint.treeSize;
    for (const known of this.rootsBySize.keys()) {
      expect(known <= size, `a checkpoint of size ${known} was served; the log now has ${size}`).toBe(true);
    }

    const entries = await this.readEntries(url, size);
    const leafHashes = entries.map(hashLeaf);
    await this.checkLevelZeroTiles(url, leafHashes);
    this.checkRoots(leafHashes);
    const indexByDigest = new Map<string, bigint>();
    entries.forEach((entry, i) => {
      const { digest } = JSON.parse(decodeUtf8(entry)) as { digest: string };
      expect(indexByDigest.get(digest), `${digest} is in the log twice`).toBeUndefined();
      indexByDigest.set(digest, BigInt(i));
    });

    for (const acknowledgement of this.ledger.acknowledged.values()) {
      const { digest, index } = acknowledgement;
      expect(indexByDigest.get(digest), `acknowledged ${digest} at ${index}`).toBe(index);
      expect(equalBytes(entries[Number(index)]!, acknowledgement.entry), `entry at ${index}`).toBe(true);
      if (this.proofsChecked.has(digest)) continue;
      const root = this.rootsBySize.get(acknowledgement.treeSize);
      expect(root, `the checkpoint acknowledging ${digest}`).toBeDefined();
      verifyInclusionProof(
        hashLeaf(acknowledgement.entry),
        index,
        acknowledgement.treeSize,
        acknowledgement.inclusionProof,
        root!,
      );
      this.proofsChecked.add(digest);
    }
    await this.readAcknowledgedStatements(url);
    await this.checkConsistencyProofs(url, size, options.allConsistencyProofs);
    await this.resubmitInDoubt(url, indexByDigest);
    return size;
  }

  private registerRoot(size: bigint, root: Uint8Array, source: string): void {
    const known = this.rootsBySize.get(size);
    if (known === undefined) this.rootsBySize.set(size, root);
    else {
      expect(
        encodeHex(root),
        `fork: ${source} has another root for tree size ${size} than was seen before`,
      ).toBe(encodeHex(known));
    }
  }

  private async openServedNotes(): Promise<void> {
    for (const note of this.ledger.servedNotes) {
      if (this.openedNotes.has(note)) continue;
      const { checkpoint } = await openCheckpoint(note, this.verifier, { origin: this.origin });
      this.registerRoot(checkpoint.treeSize, checkpoint.rootHash, 'a served checkpoint');
      this.openedNotes.add(note);
    }
  }

  private async readEntries(url: string, size: bigint): Promise<Uint8Array[]> {
    const bundles = Array.from({ length: Math.ceil(Number(size) / TILE_WIDTH) }, (_, i) => i);
    const entries: Uint8Array[][] = [];
    await mapConcurrently(bundles, AUDIT_CONCURRENCY, async (i) => {
      const width = Math.min(TILE_WIDTH, Number(size) - i * TILE_WIDTH);
      const path = formatEntryBundlePath({ index: BigInt(i), width });
      entries[i] = decodeEntryBundle(await getBytes(url, `/log/${path}`), width);
    });
    return entries.flat();
  }

  private async checkLevelZeroTiles(url: string, leafHashes: readonly Uint8Array[]): Promise<void> {
    const tiles = Array.from({ length: Math.ceil(leafHashes.length / TILE_WIDTH) }, (_, i) => i);
    await mapConcurrently(tiles, AUDIT_CONCURRENCY, async (i) => {
      const hashes = leafHashes.slice(i * TILE_WIDTH, (i + 1) * TILE_WIDTH);
      const path = formatTilePath({ level: 0, index: BigInt(i), width: hashes.length });
      const tile = await getBytes(url, `/log/${path}`);
      expect(tile.length, path).toBe(hashes.length * 32);
      hashes.forEach((hash, j) => {
        expect(equalBytes(tile.subarray(j * 32, (j + 1) * 32), hash), `${path} hash ${j}`).toBe(true);
      });
    });
  }

  /** The tree of the served entries, grown leaf by leaf, has each known checkpoint's root at its size. */
  private checkRoots(leafHashes: readonly Uint8Array[]): void {
    const range = new CompactRange();
    leafHashes.forEach((leafHash) => {
      range.append(leafHash);
      const expected = this.rootsBySize.get(range.end);
      if (expected !== undefined) {
        expect(encodeHex(range.rootHash()), `root of the served entries at size ${range.end}`).toBe(
          encodeHex(expected),
        );
      }
    });
  }

  private async readAcknowledgedStatements(url: string): Promise<void> {
    const unread = [...this.ledger.acknowledged.values()].filter(
      (acknowledgement) => !this.statementsRead.has(acknowledgement.digest),
    );
    await mapConcurrently(unread, AUDIT_CONCURRENCY, async ({ digest, index }) => {
      const answer = (await (await get(url, `/api/v1/statements/${digest}`)).json()) as StatementAnswer;
      expect(answer.index, `GET ${digest}`).toBe(Number(index));
      expect(computeEnvelopeDigest(answer.envelope)).toBe(digest);
      const { checkpoint } = await openCheckpoint(answer.checkpoint, this.verifier, { origin: this.origin });
      this.ledger.servedNotes.add(answer.checkpoint);
      verifyInclusionProof(
        hashLeaf(decodeBase64(answer.entry)),
        index,
        checkpoint.treeSize,
        answer.inclusion_proof.map(decodeBase64),
        checkpoint.rootHash,
      );
      this.statementsRead.add(digest);
    });
    await this.openServedNotes();
  }

  private async checkConsistencyProofs(url: string, size: bigint, all: boolean): Promise<void> {
    const latestRoot = this.rootsBySize.get(size)!;
    const sizes = [...this.rootsBySize.keys()].filter(
      (from) => from >= 1n && (all || !this.consistencyChecked.has(from)),
    );
    await mapConcurrently(sizes, AUDIT_CONCURRENCY, async (from) => {
      const path = `/api/v1/log/proof/consistency?from=${from}&to=${size}`;
      const { proof } = (await (await get(url, path)).json()) as { proof: string[] };
      verifyConsistencyProof(from, size, proof.map(decodeBase64), this.rootsBySize.get(from)!, latestRoot);
      this.consistencyChecked.add(from);
    });
    // The latest checkpoint moves on; checking the next one against it keeps the chain unbroken.
    this.consistencyChecked.delete(size);
  }

  private async resubmitInDoubt(url: string, indexByDigest: ReadonlyMap<string, bigint>): Promise<void> {
    await mapConcurrently([...this.ledger.inDoubt], AUDIT_CONCURRENCY, async ([digest, envelope]) => {
      const response = await fetch(new URL('/api/v1/statements', url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(envelope),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const answer = (await response.json()) as StatementAnswer;
      const committed = indexByDigest.get(digest);
      if (committed === undefined) {
        expect(response.status, `resubmitted ${digest}: ${JSON.stringify(answer)}`).toBe(201);
        this.ledger.inDoubtLost += 1;
      } else {
        expect(response.status, `resubmitted ${digest}: ${JSON.stringify(answer)}`).toBe(200);
        expect(answer).toMatchObject({ duplicate: true, index: Number(committed) });
        this.ledger.inDoubtCommitted += 1;
      }
      this.ledger.inDoubt.delete(digest);
      this.ledger.recordAcknowledgement({
        digest,
        index: BigInt(answer.index),
        treeSize: BigInt(answer.tree_size),
        checkpoint: answer.checkpoint,
        entry: decodeBase64(answer.entry),
        inclusionProof: answer.inclusion_proof.map(decodeBase64),
      });
    });
  }
}
