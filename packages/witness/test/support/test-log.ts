// Test support: a log kept in memory, built with @jmm/core exactly as a JMM log is (RFC 9162 tree, tlog-tiles,
// tlog-checkpoint signed notes), so the witness is exercised against the real formats.
import {
  computeRootHash,
  computeTileUpdate,
  createNoteSigner,
  ed25519,
  encodeUtf8,
  formatAddCheckpointRequest,
  formatVerifierKey,
  generateConsistencyProof,
  hashLeaf,
  signCheckpoint,
  type HashTile,
  type NoteSigner,
  type TileReader,
} from '@jmm/core';

export interface TestLog {
  readonly origin: string;
  readonly verifierKey: string;
  readonly signer: NoteSigner;
  readonly leaves: Uint8Array[];
  /** Adds `count` leaves; a `tag` makes them differ from the leaves another log with this origin adds. */
  append(count: number, tag?: string): void;
  root(size: number): Uint8Array;
  /** The checkpoint at `size`, signed by the log. */
  checkpoint(size: number, rootHash?: Uint8Array): Promise<string>;
  /** The add-checkpoint body from `oldSize` to `size`, with a correct proof. */
  request(oldSize: number, size: number): Promise<string>;
}

export async function createTestLog(origin = 'log.example/test', seedByte = 1): Promise<TestLog> {
  const seed = new Uint8Array(32).fill(seedByte);
  const signer = await createNoteSigner({ name: origin, seed });
  const { publicKey } = await ed25519.createSigner(seed);
  const leaves: Uint8Array[] = [];
  const log: TestLog = {
    origin,
    verifierKey: formatVerifierKey(origin, publicKey),
    signer,
    leaves,
    append(count, tag = '') {
      for (let i = 0; i < count; i++)
        leaves.push(hashLeaf(encodeUtf8(`${origin} entry ${leaves.length}${tag}`)));
    },
    root: (size) => computeRootHash(leaves.slice(0, size)),
    checkpoint: (size, rootHash = log.root(size)) =>
      signCheckpoint({ origin, treeSize: BigInt(size), rootHash }, signer),
    async request(oldSize, size) {
      const consistencyProof =
        oldSize === 0 ? [] : generateConsistencyProof(BigInt(oldSize), BigInt(size), leaves);
      return formatAddCheckpointRequest({
        oldSize: BigInt(oldSize),
        consistencyProof,
        checkpoint: await log.checkpoint(size),
      });
    },
  };
  return log;
}

/** Hash tiles in memory, under their tlog-tiles paths' parts: every width a checkpoint published. */
export class TileStore {
  readonly tiles = new Map<string, Uint8Array>();

  static key(level: number, index: bigint, width: number): string {
    return `${level}/${String(index)}/${width}`;
  }

  readonly readTile: TileReader = (level, index, width) => {
    const data = this.tiles.get(TileStore.key(level, index, width));
    return data === undefined
      ? Promise.reject(new Error(`no tile ${TileStore.key(level, index, width)}`))
      : Promise.resolve(data);
  };

  /** Integrates the leaves [oldSize, newSize) of `log` and stores the tiles that changed. */
  async grow(log: TestLog, oldSize: number, newSize: number): Promise<HashTile[]> {
    const update = await computeTileUpdate(
      BigInt(oldSize),
      log.leaves.slice(oldSize, newSize),
      this.readTile,
    );
    for (const tile of update.tiles)
      this.tiles.set(TileStore.key(tile.level, tile.index, tile.width), tile.data);
    return [...update.tiles];
  }
}
