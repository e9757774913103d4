// c2sp.org/tlog-checkpoint: the note text of a log's signed tree head.
//   <origin>\n<tree size>\n<base64 root hash>\n[<extension line>\n]...
import { CoreError } from '../core-error.ts';
import { decodeBase64, encodeBase64 } from '../encoding/index.ts';
import { hasOnlyNoteCharacters } from './note-text.ts';

/** RFC 6962 root hashes are SHA-256 digests. */
export const CHECKPOINT_ROOT_HASH_LENGTH = 32;
/** Tree sizes are uint64 in every tlog format (tlog-tiles, tlog-witness, RFC 6962). */
export const MAX_TREE_SIZE = 2n ** 64n - 1n;
// A checkpoint without extension lines is well under 200 bytes; extensions are NOT RECOMMENDED by the spec.
const MAX_CHECKPOINT_LENGTH = 1 << 16;
const TREE_SIZE = /^(0|[1-9][0-9]{0,19})$/;

/** A parsed checkpoint. */
export interface Checkpoint {
  /** The log's identity, compared literally; the spec forbids assuming it is a URL. */
  readonly origin: string;
  readonly treeSize: bigint;
  readonly rootHash: Uint8Array;
  /** Opaque extension lines, in order; usually none. */
  readonly extensions: readonly string[];
}

/** The fields of a checkpoint to format; `extensions` defaults to none. */
export interface CheckpointInput {
  readonly origin: string;
  readonly treeSize: bigint;
  readonly rootHash: Uint8Array;
  readonly extensions?: readonly string[];
}

function invalid(message: string): CoreError {
  return new CoreError('invalid_checkpoint', message);
}

/** A line of a checkpoint: non-empty, and only characters a signed note may hold, newline excluded. */
function isCheckpointLine(line: string): boolean {
  return line.length > 0 && !line.includes('\n') && hasOnlyNoteCharacters(line);
}

/** The checkpoint's note text, ending in a newline. Throws `invalid_checkpoint` for fields it cannot hold. */
export function formatCheckpoint(checkpoint: CheckpointInput): string {
  const { origin, treeSize, rootHash, extensions = [] } = checkpoint;
  if (!isCheckpointLine(origin)) throw invalid('the origin must be one non-empty line of note characters');
  if (treeSize < 0n || treeSize > MAX_TREE_SIZE) throw invalid('the tree size must be a uint64');
  if (rootHash.length !== CHECKPOINT_ROOT_HASH_LENGTH) {
    throw invalid(`the root hash must be ${CHECKPOINT_ROOT_HASH_LENGTH} bytes`);
  }
  if (!extensions.every(isCheckpointLine)) {
    throw invalid('extension lines must be non-empty lines of note characters');
  }
  const text = [origin, treeSize.toString(), encodeBase64(rootHash), ...extensions].join('\n') + '\n';
  if (text.length > MAX_CHECKPOINT_LENGTH) {
    throw new CoreError('size_limit', `a checkpoint exceeds ${MAX_CHECKPOINT_LENGTH} characters`);
  }
  return text;
}

/**
 * Parses a checkpoint's note text strictly: at least three non-empty lines, each ending in a newline; the
 * tree size in decimal without leading zeros and at most 2^64-1; the root hash as strict base64 of 32 bytes.
 */
export function parseCheckpoint(text: string): Checkpoint {
  if (text.length > MAX_CHECKPOINT_LENGTH) {
    throw new CoreError('size_limit', `a checkpoint exceeds ${MAX_CHECKPOINT_LENGTH} characters`);
  }
  if (!text.endsWith('\n')) throw invalid('a checkpoint ends with a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) throw invalid('a checkpoint has at least three lines');
  const [origin, size, root] = lines as [string, string, string];
  const extensions = lines.slice(3);
  if (!isCheckpointLine(origin)) throw invalid('the origin line must be non-empty note characters');
  if (!TREE_SIZE.test(size)) throw invalid('the tree size is decimal without leading zeros');
  const treeSize = BigInt(size);
  if (treeSize > MAX_TREE_SIZE) throw invalid('the tree size exceeds 2^64-1');
  let rootHash: Uint8Array;
  try {
    rootHash = decodeBase64(root);
  } catch (cause) {
    throw new CoreError('invalid_checkpoint', 'the root hash is not strict base64', { cause });
  }
  if (rootHash.length !== CHECKPOINT_ROOT_HASH_LENGTH) {
    throw invalid(`the root hash must be ${CHECKPOINT_ROOT_HASH_LENGTH} bytes`);
  }
  if (!extensions.every(isCheckpointLine)) {
    throw invalid('extension lines must be non-empty note characters');
  }
  return { origin, treeSize, rootHash, extensions };
}
