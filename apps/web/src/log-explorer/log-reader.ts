import { formatEntryBundlePath, formatTilePath } from '@jmm/core';
import type { TileSource } from './verify-entry-by-index.ts';

/** The log's public, unauthenticated endpoints (DESIGN.md §4): tlog-tiles and the JSON proof API. */
export interface LogReader extends TileSource {
  /** The latest checkpoint note as served, unverified. */
  readCheckpointNote(): Promise<string>;
  /** An inclusion proof as the proof API serves it, base64 hashes, unverified. */
  readInclusionProof(index: bigint, size: bigint): Promise<string[]>;
}

/** Bounds on what the browser accepts from the log: a note is at most 1 MiB; a full tile is 8 KiB. */
const MAX_NOTE_BYTES = 1 << 20;
const MAX_TILE_BYTES = 256 * 65_537;

export class LogReadError extends Error {
  constructor(
    readonly path: string,
    readonly status: number | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'LogReadError';
  }
}

/** Reads the log at `baseUrl` (the page's own origin in the app) with `fetchFunction`. */
export function createLogReader(fetchFunction: typeof fetch, baseUrl = ''): LogReader {
  async function get(path: string, maxBytes: number): Promise<Response> {
    let answer: Response;
    try {
      answer = await fetchFunction(`${baseUrl}${path}`, { credentials: 'same-origin' });
    } catch (cause) {
      throw new LogReadError(path, undefined, `could not reach the log: ${String(cause)}`);
    }
    if (!answer.ok)
      throw new LogReadError(path, answer.status, `the log answered ${answer.status} for ${path}`);
    const length = Number(answer.headers.get('content-length') ?? '0');
    if (length > maxBytes) throw new LogReadError(path, answer.status, `${path} is larger than expected`);
    return answer;
  }
  async function bytes(path: string): Promise<Uint8Array> {
    const body = new Uint8Array(await (await get(path, MAX_TILE_BYTES)).arrayBuffer());
    if (body.length > MAX_TILE_BYTES) throw new LogReadError(path, 200, `${path} is larger than expected`);
    return body;
  }
  return {
    async readCheckpointNote() {
      const text = await (await get('/log/checkpoint', MAX_NOTE_BYTES)).text();
      if (text.length > MAX_NOTE_BYTES)
        throw new LogReadError('/log/checkpoint', 200, 'the note is too large');
      return text;
    },
    readHashTile: (level, index, width) => bytes(`/log/${formatTilePath({ level, index, width })}`),
    readEntryBundle: (index, width) => bytes(`/log/${formatEntryBundlePath({ index, width })}`),
    async readInclusionProof(index, size) {
      const path = `/api/v1/log/proof/inclusion?index=${String(index)}&size=${String(size)}`;
      const answer: unknown = await (await get(path, MAX_NOTE_BYTES)).json();
      const proof = (answer as { proof?: unknown } | null)?.proof;
      if (!Array.isArray(proof) || proof.length > 64 || !proof.every((hash) => typeof hash === 'string')) {
        throw new LogReadError(path, 200, 'the inclusion proof is not a list of hashes');
      }
      return proof;
    },
  };
}
