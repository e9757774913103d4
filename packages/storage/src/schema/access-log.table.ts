/** `access_log`: every read of restricted content (DESIGN.md §1.7). Append-only. */
export interface AccessLogTable {
  /** Random UUID: unique without an auto-increment column, whose syntax differs between dialects. */
  id: string;
  /** ISO 8601 UTC with milliseconds, as in `sessions`. */
  time: string;
  /** The reader's organisation and member; null for an unauthenticated reader. */
  org: string | null;
  member: string | null;
  action: string;
  target_digest: string | null;
  resource: string | null;
  /**
   * Null for the record in the reader's own organisation's log. Set on a copy of the record kept for the
   * organisation whose content was read (an evidence file it uploaded), which sees it in its log instead.
   */
  owner_org: string | null;
}
