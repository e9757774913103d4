import { join } from 'node:path';
import { MAX_REPORT_DOCUMENT_BYTES } from '@jmm/domain';
import { openBlobStore, type BlobStore, type BlobStoreOptions } from './blob-store.ts';

/**
 * `<dataDir>/reports/`: the report documents' own blob tree (`blobs/<aa>/<bb>/<sha256>`, as evidence's). Apart
 * from evidence so that a report can list only what was uploaded as a report document — never an evidence
 * file whose hash its publisher happens to know — and so that documents count against no evidence quota.
 */
export const REPORT_DOCUMENT_DIRECTORY = 'reports';

/** Opens the report documents' blob store (the evidence blob store's code, with the documents' size bound). */
export function openReportDocumentStore(
  options: Pick<BlobStoreOptions, 'dataDir' | 'clock' | 'randomBytes'>,
): Promise<BlobStore> {
  return openBlobStore({
    ...options,
    dataDir: join(options.dataDir, REPORT_DOCUMENT_DIRECTORY),
    maxBytes: MAX_REPORT_DOCUMENT_BYTES,
  });
}

/** The sizes of the stored documents among `sha256s` (the sequencer's prefetch, LogEngineOptions). */
export async function findReportDocumentSizes(
  store: BlobStore,
  sha256s: readonly string[],
): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  for (const sha256 of sha256s) {
    const file = await store.openBlob(sha256);
    if (file === undefined) continue;
    // Only the size is needed: close the file without reading it.
    file.stream.destroy();
    sizes.set(sha256, file.size);
  }
  return sizes;
}
