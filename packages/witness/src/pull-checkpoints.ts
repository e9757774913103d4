// Pull mode: instead of waiting for the log to push add-checkpoint requests, the witness reads the log's public
// tlog-tiles endpoints (c2sp.org/tlog-tiles: <prefix>/checkpoint and <prefix>/tile/...) and builds the request
// itself. Nothing fetched is trusted: the witness verifies the log's signature and the consistency proof exactly
// as for a pushed request, so a lying server can only make it refuse, never cosign a fork.
import { setTimeout as sleep } from 'node:timers/promises';
import {
  DEFAULT_MAX_NOTE_BYTES,
  MERKLE_HASH_LENGTH,
  TILE_WIDTH,
  formatAddCheckpointRequest,
  formatTilePath,
  generateConsistencyProofFromTiles,
  parseCheckpoint,
  type Checkpoint,
} from '@jmm/core';
import { WitnessError } from './witness-error.ts';
import type { AddCheckpointAnswer, Witness } from './witness.types.ts';

export interface PullCheckpointOptions {
  readonly witness: Witness;
  /** The log's base URL; JMM serves tlog-tiles under `<logUrl>/log/` (DESIGN.md §4). */
  readonly logUrl: string;
  /** The origin the witness knows the log by; a checkpoint of another origin is refused. */
  readonly origin: string;
  readonly fetch?: typeof fetch;
  readonly signal?: AbortSignal;
}

export interface PullCheckpointsOptions extends PullCheckpointOptions {
  /** The pause between two polls. */
  readonly intervalMs: number;
  /** Stops the loop; `pullCheckpoints` resolves once it has. */
  readonly signal: AbortSignal;
  /** Called after every poll; cosignatures are in the `cosigned` results. */
  readonly onResult?: (result: PullResult) => void;
  /** Called for a poll that failed (the log unreachable, a malformed tile); the loop carries on. Default: stderr. */
  readonly onError?: (error: unknown) => void;
}

/** What one poll did. */
export type PullResult =
  /** The log grew and the witness cosigned; `checkpoint` is the log's note with the cosignature appended. */
  | {
      readonly outcome: 'cosigned';
      readonly treeSize: bigint;
      readonly cosignature: string;
      readonly checkpoint: string;
    }
  /** The log serves a checkpoint no larger than the one the witness cosigned last: nothing to do. */
  | { readonly outcome: 'unchanged'; readonly treeSize: bigint }
  /** The witness refused the checkpoint (a bad signature, a fork, a proof that fails): `answer` says why. */
  | { readonly outcome: 'refused'; readonly treeSize: bigint; readonly answer: AddCheckpointAnswer };

function fetchFailed(message: string, cause?: unknown): WitnessError {
  return new WitnessError('fetch_failed', message, { cause });
}

/** GETs `url` and returns its body, at most `limit` bytes, or undefined for a 404. */
async function fetchBytes(
  fetcher: typeof fetch,
  url: string,
  limit: number,
  signal: AbortSignal | undefined,
): Promise<Uint8Array | undefined> {
  let response: Response;
  try {
    response = await fetcher(url, signal === undefined ? {} : { signal });
  } catch (cause) {
    throw fetchFailed(`cannot fetch ${url}`, cause);
  }
  if (response.status === 404) return undefined;
  if (!response.ok) throw fetchFailed(`${url} answered ${response.status}`);
  if (Number(response.headers.get('content-length') ?? 0) > limit) throw fetchFailed(`${url} is too large`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.length > limit) throw fetchFailed(`${url} is too large`);
  return bytes;
}

/** The checkpoint in a note, read WITHOUT verifying it: only to know which tiles to fetch. */
function peekCheckpoint(note: string): Checkpoint {
  try {
    return parseCheckpoint(note.slice(0, note.lastIndexOf('\n\n') + 1));
  } catch (cause) {
    throw fetchFailed('the log serves a malformed checkpoint', cause);
  }
}

/** Polls the log once and, if it grew past what the witness cosigned, asks the witness to cosign. */
export async function pullCheckpoint(options: PullCheckpointOptions): Promise<PullResult> {
  const { witness, origin, signal } = options;
  const fetcher = options.fetch ?? fetch;
  const prefix = `${options.logUrl.replace(/\/+$/, '')}/log`;

  const noteBytes = await fetchBytes(fetcher, `${prefix}/checkpoint`, DEFAULT_MAX_NOTE_BYTES, signal);
  if (noteBytes === undefined) throw fetchFailed(`${prefix}/checkpoint does not exist`);
  let note: string;
  try {
    note = new TextDecoder('utf-8', { fatal: true }).decode(noteBytes);
  } catch (cause) {
    throw fetchFailed('the log serves a checkpoint that is not UTF-8', cause);
  }
  const { origin: served, treeSize } = peekCheckpoint(note);
  if (served !== origin) throw fetchFailed(`the log serves checkpoints of ${JSON.stringify(served)}`);

  const oldSize = witness.latestSize(origin) ?? 0n;
  if (treeSize <= oldSize) return { outcome: 'unchanged', treeSize };

  // c2sp.org/tlog-tiles: a partial tile may be gone once the log has filled it; the full tile then holds the
  // same hashes first.
  const readTile = async (level: number, index: bigint, width: number): Promise<Uint8Array> => {
    const limit = TILE_WIDTH * MERKLE_HASH_LENGTH;
    const url = (w: number) => `${prefix}/${formatTilePath({ level, index, width: w })}`;
    let data = await fetchBytes(fetcher, url(width), limit, signal);
    if (data === undefined && width < TILE_WIDTH) {
      data = (await fetchBytes(fetcher, url(TILE_WIDTH), limit, signal))?.subarray(
        0,
        width * MERKLE_HASH_LENGTH,
      );
    }
    if (data === undefined) throw fetchFailed(`the log does not serve ${url(width)}`);
    return data;
  };
  let consistencyProof: Uint8Array[] = [];
  if (oldSize > 0n) {
    try {
      consistencyProof = await generateConsistencyProofFromTiles(oldSize, treeSize, readTile);
    } catch (cause) {
      if (cause instanceof WitnessError) throw cause;
      throw fetchFailed('the log serves malformed tiles', cause);
    }
  }
  let body: string;
  try {
    body = formatAddCheckpointRequest({ oldSize, consistencyProof, checkpoint: note });
  } catch (cause) {
    throw fetchFailed('the log serves a checkpoint no witness would accept', cause);
  }
  const answer = await witness.addCheckpoint(body);
  if (answer.status !== 200) return { outcome: 'refused', treeSize, answer };
  return { outcome: 'cosigned', treeSize, cosignature: answer.body, checkpoint: `${note}${answer.body}` };
}

/** Polls the log every `intervalMs` until `signal` aborts, cosigning each time it grew. */
export async function pullCheckpoints(options: PullCheckpointsOptions): Promise<void> {
  const { signal, intervalMs } = options;
  const onError =
    options.onError ??
    ((error: unknown) => {
      console.error('witness pull:', error);
    });
  // A function, not the property, because the signal changes under the loop's feet.
  const isAborted = (): boolean => signal.aborted;
  while (!isAborted()) {
    try {
      options.onResult?.(await pullCheckpoint(options));
    } catch (error) {
      if (isAborted()) break;
      onError(error);
    }
    try {
      await sleep(intervalMs, undefined, { signal });
    } catch {
      break; // aborted while waiting
    }
  }
}
