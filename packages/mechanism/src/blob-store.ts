import { createHash } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { encodeHex, equalBytes } from '@jmm/core';
import { MechanismError } from './mechanism-error.ts';

/** Largest evidence file accepted unless configured otherwise. */
export const DEFAULT_MAX_BLOB_BYTES = 25 * 1024 * 1024;
/** Bytes of evidence one organisation may upload in all, unless configured otherwise (2 GiB). */
export const DEFAULT_ORG_QUOTA_BYTES = 2 * 1024 ** 3;
/** `<dataDir>/blobs/`: the files, content-addressed (DESIGN.md §5), even when the database is PostgreSQL. */
export const BLOB_DIRECTORY = 'blobs';
/** Uploads in progress, inside the blob tree so that the final rename stays on one filesystem (atomic). */
const TEMP_DIRECTORY = 'tmp';
const TEMP_SUFFIX = '.part';
/**
 * A temp file untouched this long belongs to an upload that died. Several servers may share one data directory
 * (PostgreSQL scale-out), so start-up cleaning must not delete another process's upload in progress.
 */
const STALE_TEMP_MILLIS = 60 * 60 * 1000;

const SHA256_HEX = /^[0-9a-f]{64}$/;

export interface StoredBlobFile {
  /** Lowercase hex SHA-256 of the bytes written. */
  readonly sha256: string;
  readonly size: number;
}

export interface OpenedBlobFile {
  readonly size: number;
  /** The bytes; the caller sends or destroys it (either closes the file). */
  readonly stream: Readable;
}

/**
 * Evidence files on disk under `<dataDir>/blobs/<aa>/<bb>/<sha256>`. Files are named by their hash only, so
 * what they are and who may read them lives in the database (`BlobRepository`), never in the file tree.
 */
export interface BlobStore {
  /** Largest file `writeBlob` accepts, in bytes. */
  readonly maxBytes: number;
  /**
   * Bytes of evidence one organisation may upload in all, each file counted once per organisation. The store
   * does not count: the caller checks it through `admit` and records usage with the upload.
   */
  readonly orgQuotaBytes: number;
  /**
   * Streams `source` to disk while hashing and counting it. Durable once it resolves: the file is fsynced and
   * renamed into place and the rename is fsynced. Rejects, leaving nothing under any hash, with
   * `payload_too_large` past `maxBytes`, `invalid_request` for an empty file, `digest_mismatch` when
   * `expectedSha256` is given and differs, whatever `admit` rejects with, or whatever `source` fails with (a
   * client that went away). `admit` is called once the hash and size are known and before the file is put
   * in place, so that a refused upload (over quota) never appears under its hash.
   * Writing bytes that are already stored replaces the file with identical bytes, atomically.
   */
  writeBlob(
    source: AsyncIterable<unknown>,
    options?: {
      readonly expectedSha256?: Uint8Array;
      readonly admit?: (file: StoredBlobFile) => Promise<void>;
    },
  ): Promise<StoredBlobFile>;
  /** The stored file, or undefined if there is none. `sha256` must be 64 lowercase hex digits. */
  openBlob(sha256: string): Promise<OpenedBlobFile | undefined>;
}

export interface BlobStoreOptions {
  readonly dataDir: string;
  /** Milliseconds since the epoch, for judging leftover temp files. */
  readonly clock: () => number;
  readonly randomBytes: (length: number) => Uint8Array;
  readonly maxBytes?: number;
  readonly orgQuotaBytes?: number;
}

/**
 * Opens the blob tree, creating it if needed, and removes temp files left by uploads that died.
 *
 * Crash ordering of an upload: bytes go to `tmp/<random>.part`; then fsync; then rename to the final path;
 * then fsync of the directory that received the name; only then does the caller record the blob in the
 * database. So a partial upload never appears under a hash (a crash leaves at most a temp file, removed here
 * on a later start), and a database row never names a file that is not durably in place. A crash after the
 * rename but before the row leaves a complete, verified file that nothing refers to, which the client's retry
 * finds and records.
 */
export async function openBlobStore(options: BlobStoreOptions): Promise<BlobStore> {
  const root = join(options.dataDir, BLOB_DIRECTORY);
  const tempDir = join(root, TEMP_DIRECTORY);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BLOB_BYTES;
  await mkdir(tempDir, { recursive: true, mode: 0o700 });
  await removeStaleTempFiles(tempDir, options.clock());

  const pathOf = (sha256: string): string => {
    // The name is joined into a path: anything but a hash here would be path traversal.
    if (!SHA256_HEX.test(sha256))
      throw new MechanismError('invalid_request', 'not a SHA-256 in lowercase hex');
    return join(root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  };

  return {
    maxBytes,
    orgQuotaBytes: options.orgQuotaBytes ?? DEFAULT_ORG_QUOTA_BYTES,

    async writeBlob(source, writeOptions = {}) {
      const tempPath = join(tempDir, `${encodeHex(options.randomBytes(16))}${TEMP_SUFFIX}`);
      // 'wx': a name collision fails instead of interleaving two uploads in one file.
      let handle: FileHandle | undefined = await open(tempPath, 'wx', 0o600);
      try {
        const hash = createHash('sha256');
        let size = 0;
        for await (const chunk of source) {
          const bytes = toBytes(chunk);
          size += bytes.length;
          if (size > maxBytes) {
            throw new MechanismError('payload_too_large', `an evidence file is at most ${maxBytes} bytes`, {
              detail: { max_bytes: maxBytes },
            });
          }
          hash.update(bytes);
          await writeFully(handle, bytes);
        }
        if (size === 0) throw new MechanismError('invalid_request', 'an evidence file cannot be empty');
        const digest = new Uint8Array(hash.digest());
        const expected = writeOptions.expectedSha256;
        if (expected !== undefined && !equalBytes(digest, expected)) {
          throw new MechanismError(
            'digest_mismatch',
            'the uploaded bytes do not have the SHA-256 the client sent',
          );
        }
        const sha256 = encodeHex(digest);
        await writeOptions.admit?.({ sha256, size });
        await handle.sync();
        await handle.close();
        handle = undefined;

        const finalPath = pathOf(sha256);
        const created = await mkdir(dirname(finalPath), { recursive: true, mode: 0o700 });
        await rename(tempPath, finalPath);
        // The rename is durable once the directory holding the new name is; new directories' names too.
        await syncDirectory(dirname(finalPath));
        if (created !== undefined) {
          await syncDirectory(dirname(dirname(finalPath)));
          await syncDirectory(root);
        }
        return { sha256, size };
      } catch (error) {
        await handle?.close().catch(() => undefined);
        await rm(tempPath, { force: true });
        throw error;
      }
    },

    async openBlob(sha256) {
      let handle: FileHandle;
      try {
        handle = await open(pathOf(sha256), 'r');
      } catch (error) {
        if (errorCode(error) === 'ENOENT') return undefined;
        throw error;
      }
      try {
        const { size } = await handle.stat();
        return { size, stream: handle.createReadStream() };
      } catch (error) {
        await handle.close();
        throw error;
      }
    },
  };
}

async function removeStaleTempFiles(tempDir: string, now: number): Promise<void> {
  for (const name of await readdir(tempDir)) {
    if (!name.endsWith(TEMP_SUFFIX)) continue;
    const path = join(tempDir, name);
    try {
      if (now - (await stat(path)).mtimeMs >= STALE_TEMP_MILLIS) await rm(path, { force: true });
    } catch (error) {
      // Another server finished or cleaned it meanwhile.
      if (errorCode(error) !== 'ENOENT') throw error;
    }
  }
}

/** A request stream yields Buffers; anything else from a source is a bug upstream. */
function toBytes(chunk: unknown): Uint8Array {
  if (chunk instanceof Uint8Array) return chunk;
  throw new MechanismError('invalid_request', 'the upload stream yielded something other than bytes');
}

/** `write` may write less than asked (a full disk, a signal); loop until every byte is down. */
async function writeFully(handle: FileHandle, bytes: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
    offset += bytesWritten;
  }
}

/** fsync of a directory, where the platform allows it (Linux and macOS do; Windows refuses). */
async function syncDirectory(path: string): Promise<void> {
  const directory = await open(path, 'r');
  try {
    await directory.sync();
  } catch (error) {
    if (!['EISDIR', 'EPERM', 'EINVAL', 'EBADF'].includes(errorCode(error) ?? '')) throw error;
  } finally {
    await directory.close();
  }
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}
