import type { Audience } from '@jmm/domain';
import type { StorageDatabase } from '../dialect/storage-database.ts';
import { audienceFromColumns } from '../schema/audience-columns.ts';
import { StorageError } from '../storage-error.ts';
import { withStorageErrors } from '../with-storage-errors.ts';

/** One organisation's upload of an evidence file (DESIGN.md §5 blobs). */
export interface BlobUpload {
  /** Lowercase hex SHA-256 of the bytes, as evidence lists name it. */
  readonly sha256: string;
  /** The declared media type: a claim by the uploader, never trusted when serving the file. */
  readonly mediaType: string;
  readonly size: number;
  readonly org: string;
  readonly member: string;
  readonly uploadedAt: Date;
}

/** A statement that lists a blob as evidence, with what a visibility check (`canOrgRead`) needs. */
export interface EvidenceReference {
  readonly digest: string;
  readonly index: bigint;
  /** The issuing organisation. */
  readonly org: string;
  readonly audience: Audience;
}

export interface BlobRepository {
  /**
   * Records an upload whose file is already durably in place: the blob's row if it is the first upload of
   * these bytes, and the organisation's row if it is that organisation's first, charging its size to the
   * organisation's usage. Idempotent and safe to race: resolves the organisation's upload as stored (its first
   * one) and whether this call created it. A repeat costs nothing.
   *
   * With `quotaBytes`, a first upload that would take the organisation's usage past it is refused with
   * StorageError('quota_exceeded') and records nothing for the organisation (the blob's own row may remain).
   */
  recordBlobUpload(
    upload: BlobUpload,
    options?: { readonly quotaBytes?: number },
  ): Promise<{ readonly upload: BlobUpload; readonly created: boolean }>;
  /** The blob as its first upload described it, or undefined if no file with this hash was uploaded. */
  findBlob(sha256: string): Promise<BlobUpload | undefined>;
  /** `org`'s own upload of the blob, or undefined if that organisation never uploaded these bytes. */
  findBlobUpload(sha256: string, org: string): Promise<BlobUpload | undefined>;
  /**
   * Every organisation's upload of the blob, by organisation id. Who else holds a file is never shown to a
   * member (DESIGN.md §1.7): callers use it to write a read into each uploader's access log.
   */
  listBlobUploads(sha256: string): Promise<BlobUpload[]>;
  /** Bytes of evidence `org` has uploaded, each blob counted once (what its quota is checked against). */
  readEvidenceUsage(org: string): Promise<number>;
  /**
   * Every statement in the log that lists the blob as evidence, in log order, whatever its audience: the
   * caller filters with `canOrgRead` and must not reveal the list (DESIGN.md §1.7).
   */
  listReferringStatements(sha256: string): Promise<EvidenceReference[]>;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

function checkSha256(sha256: string): void {
  if (!SHA256_HEX.test(sha256)) {
    throw new StorageError('invalid_argument', 'a blob is named by 64 lowercase hex digits of its SHA-256');
  }
}

export function createBlobRepository(database: StorageDatabase): BlobRepository {
  const { db } = database;

  const selectUploads = () =>
    db
      .selectFrom('blob_uploads')
      .innerJoin('blobs', 'blobs.sha256', 'blob_uploads.sha256')
      .select([
        'blob_uploads.sha256',
        'blob_uploads.media_type',
        'blobs.size',
        'blob_uploads.org',
        'blob_uploads.member',
        'blob_uploads.uploaded_at',
      ]);

  const findBlobUpload = (sha256: string, org: string) =>
    withStorageErrors(database, 'findBlobUpload', async () => {
      const row = await selectUploads()
        .where('blob_uploads.sha256', '=', sha256)
        .where('blob_uploads.org', '=', org)
        .executeTakeFirst();
      return row === undefined ? undefined : uploadFromRow(row);
    });

  /**
   * Adds `delta` bytes to `org`'s usage, unless `quotaBytes` is given and the usage would pass it: then
   * resolves false and changes nothing. One conditional UPDATE: atomic on both dialects (PostgreSQL re-checks
   * the condition on the row it locked, so concurrent uploads of one organisation cannot both pass).
   */
  const chargeUsage = async (org: string, delta: bigint, quotaBytes?: number): Promise<boolean> => {
    await db
      .insertInto('org_evidence_usage')
      .values({ org, bytes: 0n })
      .onConflict((oc) => oc.column('org').doNothing())
      .execute();
    let update = db
      .updateTable('org_evidence_usage')
      .set((eb) => ({ bytes: eb('bytes', '+', delta) }))
      .where('org', '=', org);
    if (quotaBytes !== undefined) update = update.where('bytes', '<=', BigInt(quotaBytes) - delta);
    const result = await update.executeTakeFirst();
    return result.numUpdatedRows > 0n;
  };

  return {
    recordBlobUpload: (upload, options = {}) =>
      withStorageErrors(database, 'recordBlobUpload', async () => {
        checkSha256(upload.sha256);
        if (!Number.isSafeInteger(upload.size) || upload.size < 1) {
          throw new StorageError(
            'invalid_argument',
            `a blob's size is a positive integer, not ${upload.size}`,
          );
        }
        if (
          options.quotaBytes !== undefined &&
          !(Number.isSafeInteger(options.quotaBytes) && options.quotaBytes >= 0)
        ) {
          throw new StorageError(
            'invalid_argument',
            `a quota is a non-negative integer, not ${options.quotaBytes}`,
          );
        }
        const uploadedAt = upload.uploadedAt.toISOString();
        // Single-statement writes, not one transaction: each is atomic on its own, and a transaction spanning
        // them would hold SQLite's write lock across an await. Crash ordering: blob row, then the charge, then
        // the organisation's row. A crash after the charge leaves the organisation charged for a file it has no
        // row for (the safe direction: at most one file's size, and the client's retry is then free of charge
        // only once its row exists); a crash before leaves a blob row the retry reuses.
        await db
          .insertInto('blobs')
          .values({
            sha256: upload.sha256,
            media_type: upload.mediaType,
            size: BigInt(upload.size),
            uploaded_by_org: upload.org,
            uploaded_by_member: upload.member,
            uploaded_at: uploadedAt,
          })
          .onConflict((oc) => oc.column('sha256').doNothing())
          .execute();
        const checkSize = (stored: BlobUpload) => {
          // Bytes with one hash have one size; a different stored size means the row was changed behind us.
          if (stored.size !== upload.size) {
            throw new StorageError(
              'corrupt_data',
              `blob ${upload.sha256} is stored with size ${stored.size}`,
            );
          }
          return stored;
        };
        const earlier = await findBlobUpload(upload.sha256, upload.org);
        if (earlier !== undefined) return { upload: checkSize(earlier), created: false };

        const size = BigInt(upload.size);
        if (!(await chargeUsage(upload.org, size, options.quotaBytes))) {
          throw new StorageError(
            'quota_exceeded',
            `${upload.org} may upload at most ${options.quotaBytes} bytes of evidence`,
          );
        }
        const result = await db
          .insertInto('blob_uploads')
          .values({
            sha256: upload.sha256,
            org: upload.org,
            member: upload.member,
            media_type: upload.mediaType,
            uploaded_at: uploadedAt,
          })
          .onConflict((oc) => oc.columns(['sha256', 'org']).doNothing())
          .executeTakeFirst();
        const created = (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
        // A concurrent upload of the same bytes by the same organisation recorded it first: refund.
        if (!created) await chargeUsage(upload.org, -size);
        const stored = await findBlobUpload(upload.sha256, upload.org);
        if (stored === undefined) throw new StorageError('corrupt_data', `blob ${upload.sha256} vanished`);
        return { upload: checkSize(stored), created };
      }),

    findBlob: (sha256) =>
      withStorageErrors(database, 'findBlob', async () => {
        const row = await db.selectFrom('blobs').selectAll().where('sha256', '=', sha256).executeTakeFirst();
        return row === undefined
          ? undefined
          : {
              sha256: row.sha256,
              mediaType: row.media_type,
              size: Number(row.size),
              org: row.uploaded_by_org,
              member: row.uploaded_by_member,
              uploadedAt: new Date(row.uploaded_at),
            };
      }),

    findBlobUpload,

    listBlobUploads: (sha256) =>
      withStorageErrors(database, 'listBlobUploads', async () => {
        const rows = await selectUploads()
          .where('blob_uploads.sha256', '=', sha256)
          .orderBy('blob_uploads.org')
          .execute();
        return rows.map(uploadFromRow);
      }),

    readEvidenceUsage: (org) =>
      withStorageErrors(database, 'readEvidenceUsage', async () => {
        const row = await db
          .selectFrom('org_evidence_usage')
          .select('bytes')
          .where('org', '=', org)
          .executeTakeFirst();
        return row === undefined ? 0 : Number(row.bytes);
      }),

    listReferringStatements: (sha256) =>
      withStorageErrors(database, 'listReferringStatements', async () => {
        const rows = await db
          .selectFrom('statement_evidence')
          .innerJoin('statements', 'statements.digest', 'statement_evidence.digest')
          .select([
            'statements.digest',
            'statements.idx',
            'statements.org',
            'statements.audience_kind',
            'statements.audience_orgs',
          ])
          .where('statement_evidence.sha256', '=', sha256)
          .orderBy('statements.idx')
          .execute();
        return rows.map((row) => ({
          digest: row.digest,
          index: row.idx,
          org: row.org,
          audience: audienceFromColumns(row.audience_kind, row.audience_orgs),
        }));
      }),
  };
}

function uploadFromRow(row: {
  sha256: string;
  media_type: string;
  size: bigint;
  org: string;
  member: string;
  uploaded_at: string;
}): BlobUpload {
  return {
    sha256: row.sha256,
    mediaType: row.media_type,
    size: Number(row.size),
    org: row.org,
    member: row.member,
    uploadedAt: new Date(row.uploaded_at),
  };
}
