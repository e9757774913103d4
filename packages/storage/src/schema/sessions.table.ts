/**
 * `sessions`: signed-in members. Only hashes of the session token and of the CSRF token are stored, so a
 * copy of the database does not let anyone act as a member.
 */
export interface SessionsTable {
  id_hash: string;
  org: string;
  member: string;
  key_id: string;
  /** ISO 8601 UTC with milliseconds (`Date.toISOString()`): fixed width, so text order is time order. */
  created_at: string;
  expires_at: string;
  csrf_token_hash: string;
}
