import { DomainError } from './domain-error.ts';
import type { WorkflowRecord } from './workflow-records.ts';

/**
 * The workflow records one batch may read or change, in place of a fold's every record (issue 9: bounded
 * memory). The sequencer keeps only membership and settings in memory; before each batch it loads from storage
 * the records the batch's statements can reach (`listBatchRecordDigests`, then `listLinkedRecordDigests` until
 * nothing new is found) and validates and applies against this set.
 *
 * Invariant: every digest the batch may look up is either held or known to be absent. A lookup of any other
 * digest would silently read "no such record" and fold a wrong state, so it throws instead: a missing link in
 * `listLinkedRecordDigests` is a loud bug, never a quiet fork between the stored state and a replay.
 */
export class RecordWorkingSet extends Map<string, WorkflowRecord> {
  /** Digests loaded from storage, whether or not the fold holds a record for them. */
  private readonly loaded: ReadonlySet<string>;

  constructor(records: Iterable<readonly [string, WorkflowRecord]>, loaded: ReadonlySet<string>) {
    super();
    this.loaded = loaded;
    for (const [digest, record] of records) super.set(digest, record);
  }

  override get(digest: string): WorkflowRecord | undefined {
    this.requireLoaded(digest);
    return super.get(digest);
  }

  override has(digest: string): boolean {
    this.requireLoaded(digest);
    return super.has(digest);
  }

  /** A copy with the same loaded digests (a new organisation's view starts as the new-member template's). */
  copy(): RecordWorkingSet {
    return new RecordWorkingSet(super.entries(), this.loaded);
  }

  private requireLoaded(digest: string): void {
    if (!super.has(digest) && !this.loaded.has(digest)) {
      throw new DomainError(
        'record_not_loaded',
        `the workflow record ${digest} was not loaded for this batch (listLinkedRecordDigests misses a link)`,
      );
    }
  }
}
