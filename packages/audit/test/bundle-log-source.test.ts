// The audit bundle is untrusted input read from disk: every file is bounded by its size before it is read,
// and every line that is not a row is an AuditError, never a bare parse error (STYLE.md habit 5).
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBundleLogSource, isAuditError, type LogSource } from '../src/index.ts';
import { MAX_TILE_BYTES } from '../src/log-source.ts';
import { buildSyntheticBundle, type SyntheticBundle } from './support/build-bundle.ts';

let root: string;
let bundle: SyntheticBundle;

/** Runs `read` over the bundle with `path` replaced by `bytes` (or by a directory), then restores it. */
async function withFile<T>(
  path: string,
  bytes: Buffer | 'directory',
  read: (source: LogSource) => Promise<T>,
): Promise<T> {
  const file = join(bundle.dir, path);
  const original = await readFile(file);
  await rm(file);
  if (bytes === 'directory') await mkdir(file);
  else await writeFile(file, bytes);
  try {
    return await read(await createBundleLogSource(bundle.dir));
  } finally {
    await rm(file, { recursive: true });
    await writeFile(file, original);
  }
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (isAuditError(error)) return error.code;
    throw error;
  }
  return 'none';
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'jmm-bundle-source-'));
  bundle = await buildSyntheticBundle({ dir: join(root, 'bundle'), statements: 20, batchSize: 4 });
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('createBundleLogSource', () => {
  describe('when a line of checkpoints.jsonl is not JSON', () => {
    it('refuses the history as invalid_source', async () => {
      const code = await withFile('checkpoints.jsonl', Buffer.from('{"tree_size":\n'), (source) =>
        codeOf(source.listCheckpoints(0n, 10)),
      );
      expect(code).toBe('invalid_source');
    });
  });

  describe('when a line of checkpoints.jsonl never ends', () => {
    it('refuses it as invalid_source', async () => {
      const code = await withFile('checkpoints.jsonl', Buffer.alloc(5 * 1024 * 1024, 'x'), (source) =>
        codeOf(source.listCheckpoints(0n, 10)),
      );
      expect(code).toBe('invalid_source');
    });
  });

  describe('when checkpoints.jsonl cannot be read', () => {
    it('fails with io, not a bare Node error', async () => {
      const code = await withFile('checkpoints.jsonl', 'directory', (source) =>
        codeOf(source.listCheckpoints(0n, 10)),
      );
      expect(code).toBe('io');
    });
  });

  describe('when a line of an envelopes file is not JSON', () => {
    it('refuses the envelopes as invalid_source', async () => {
      const [envelopes] = await readdir(join(bundle.dir, 'envelopes'));
      const code = await withFile(`envelopes/${envelopes!}`, Buffer.from('not json\n'), (source) =>
        codeOf(source.readEnvelopes(0n, 1)),
      );
      expect(code).toBe('invalid_source');
    });
  });

  describe('when a tile is larger than any tile can be', () => {
    it('refuses it as invalid_source before reading it', async () => {
      const tiles = await readdir(join(bundle.dir, 'tile', '0'), { recursive: true, withFileTypes: true });
      const tile = tiles.find((entry) => entry.isFile())!;
      const path = `tile/0/${join(tile.parentPath, tile.name).slice(join(bundle.dir, 'tile', '0').length + 1)}`;
      const code = await withFile(path, Buffer.alloc(MAX_TILE_BYTES + 1), (source) =>
        codeOf(source.readTile(path)),
      );
      expect(code).toBe('invalid_source');
    });
  });
});
