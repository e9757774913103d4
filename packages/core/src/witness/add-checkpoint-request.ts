// c2sp.org/tlog-witness §add-checkpoint: the request body a log (or a pulling witness) sends to a witness.
//   old <size>\n
//   <base64 consistency proof hash>\n      (zero to 63 lines)
//   \n
//   <the checkpoint, as a signed note>
// This module only reads and writes the wire format; what the witness does with a request (origin, signature,
// old size, proof) is @jmm/witness's business.
import { CoreError } from '../core-error.ts';
import { decodeBase64, encodeBase64, encodeUtf8 } from '../encoding/index.ts';
import { MERKLE_HASH_LENGTH } from '../merkle/merkle-hash.ts';
import { isUint64 } from '../merkle/uint64.ts';
import { DEFAULT_MAX_NOTE_BYTES } from '../note/signed-note.ts';

/** The spec: "The client MUST NOT send more than 63 consistency proof lines." */
export const MAX_CONSISTENCY_PROOF_LINES = 63;

// "old " + 20 digits + "\n", then 63 lines of 44 base64 characters + "\n", then the empty line.
const MAX_HEADER_LENGTH = 4 + 20 + 1 + MAX_CONSISTENCY_PROOF_LINES * 45 + 1;

/**
 * The largest add-checkpoint body accepted, in UTF-8 bytes: the longest header and a note of the size
 * `openNote` accepts by default. A witness bounds the HTTP body it reads by this.
 */
export const MAX_ADD_CHECKPOINT_REQUEST_BYTES = MAX_HEADER_LENGTH + DEFAULT_MAX_NOTE_BYTES;

const OLD_SIZE_LINE = /^old (0|[1-9][0-9]{0,19})$/;

/** A parsed add-checkpoint request. */
export interface AddCheckpointRequest {
  /** The size of the checkpoint the client believes the witness cosigned last (0 for none). */
  oldSize: bigint;
  /** RFC 6962 §2.1.2 consistency proof from `oldSize` to the checkpoint's size; empty when `oldSize` is 0. */
  consistencyProof: Uint8Array[];
  /** The full signed note text of the checkpoint, signature lines included. */
  checkpoint: string;
}

function invalid(message: string): CoreError {
  return new CoreError('invalid_witness_request', message);
}

/** Checks the parts both directions share, so that `format` never writes what `parse` would refuse. */
function checkRequest(oldSize: bigint, consistencyProof: readonly Uint8Array[], checkpoint: string): void {
  if (!isUint64(oldSize)) throw invalid('the old size must be a uint64');
  if (consistencyProof.length > MAX_CONSISTENCY_PROOF_LINES) {
    throw invalid(`a consistency proof has at most ${MAX_CONSISTENCY_PROOF_LINES} lines`);
  }
  // The spec: "The proof MUST be empty if the old size is zero."
  if (oldSize === 0n && consistencyProof.length > 0) throw invalid('the proof must be empty from size 0');
  if (consistencyProof.some((hash) => hash.length !== MERKLE_HASH_LENGTH)) {
    throw invalid(`a consistency proof hash is ${MERKLE_HASH_LENGTH} bytes`);
  }
  if (checkpoint.length === 0) throw invalid('the request carries no checkpoint');
  if (!checkpoint.endsWith('\n')) throw invalid('the checkpoint note ends with a newline');
  // UTF-8 never takes fewer bytes than UTF-16 code units, so a long string is over the bound before encoding.
  if (checkpoint.length > DEFAULT_MAX_NOTE_BYTES || encodeUtf8(checkpoint).length > DEFAULT_MAX_NOTE_BYTES) {
    throw invalid(`the checkpoint note exceeds ${DEFAULT_MAX_NOTE_BYTES} bytes`);
  }
}

/** The add-checkpoint request body. Throws `invalid_witness_request` for a request a witness would refuse. */
export function formatAddCheckpointRequest(request: AddCheckpointRequest): string {
  const { oldSize, consistencyProof, checkpoint } = request;
  checkRequest(oldSize, consistencyProof, checkpoint);
  const proofLines = consistencyProof.map((hash) => `${encodeBase64(hash)}\n`).join('');
  return `old ${oldSize.toString()}\n${proofLines}\n${checkpoint}`;
}

/**
 * Parses an add-checkpoint request body strictly: every line ends in a newline; the old size is decimal without
 * leading zeros and fits a uint64; each proof line is strict base64 of one 32-byte hash, at most 63 of them and
 * none from size 0; an empty line; then a non-empty checkpoint note of at most 1 MiB. The note itself is not
 * opened here: its signatures are checked against the log's key by the witness, and only then is it read.
 * Throws `invalid_witness_request` for anything else.
 */
export function parseAddCheckpointRequest(text: string): AddCheckpointRequest {
  if (text.length > MAX_ADD_CHECKPOINT_REQUEST_BYTES) {
    throw invalid(`a request exceeds ${MAX_ADD_CHECKPOINT_REQUEST_BYTES} bytes`);
  }
  let position = 0;
  const readLine = (): string => {
    const end = text.indexOf('\n', position);
    // Only the header is read line by line, and it is short: a longer "line" is malformed, not worth scanning.
    if (end < 0 || end - position > MAX_HEADER_LENGTH) throw invalid('the request header is malformed');
    const line = text.slice(position, end);
    position = end + 1;
    return line;
  };

  const match = OLD_SIZE_LINE.exec(readLine());
  if (match === null) throw invalid('the first line is "old <size>" in decimal without leading zeros');
  const oldSize = BigInt(match[1]!);

  const consistencyProof: Uint8Array[] = [];
  for (let line = readLine(); line !== ''; line = readLine()) {
    if (consistencyProof.length === MAX_CONSISTENCY_PROOF_LINES) {
      throw invalid(`a consistency proof has at most ${MAX_CONSISTENCY_PROOF_LINES} lines`);
    }
    try {
      consistencyProof.push(decodeBase64(line));
    } catch (cause) {
      throw new CoreError('invalid_witness_request', 'a consistency proof line is not strict base64', {
        cause,
      });
    }
  }
  const checkpoint = text.slice(position);
  checkRequest(oldSize, consistencyProof, checkpoint);
  return { oldSize, consistencyProof, checkpoint };
}
