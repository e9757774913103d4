/**
 * `blobs`: the index of evidence files stored on disk, content-addressed by SHA-256 (DESIGN.md §5 blobs). Not a
 * projection of the log: a row exists once the file is durably in place, whether or not any statement lists it.
 * The row describes the FIRST upload of these bytes; who else uploaded them is in `blob_uploads`.
 */
export interface BlobsTable {
  /** Lowercase hex SHA-256 of the file's bytes (no `sha256:` prefix, as in evidence lists). */
  sha256: string;
  /** The media type the first uploader declared, from the server's allow-list. A claim, never trusted. */
  media_type: string;
  size: bigint;
  uploaded_by_org: string;
  uploaded_by_member: string;
  /** ISO 8601 UTC with milliseconds. */
  uploaded_at: string;
}

/**
 * `blob_uploads`: each organisation's first upload of a blob. Access and upload answers read the caller's own
 * row only, so that one party cannot learn by uploading a file whether another party holds it (DESIGN.md §1.7).
 */
export interface BlobUploadsTable {
  sha256: string;
  org: string;
  member: string;
  media_type: string;
  uploaded_at: string;
}
