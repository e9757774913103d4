/** `auth_challenges`: login nonces (DESIGN.md §7 challenge–response), each consumable exactly once. */
export interface AuthChallengesTable {
  nonce: string;
  /** The key id the challenge was issued to. */
  key_id: string;
  /** ISO 8601 UTC with milliseconds, as in `sessions`. */
  created_at: string;
  expires_at: string;
  /** Set by the one consumer that wins; null while unused. */
  used_at: string | null;
}
