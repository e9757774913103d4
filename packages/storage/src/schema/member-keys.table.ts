/** `member_keys`: every key ever enrolled, projected from `MechanismState`; revoked keys stay, with their index. */
export interface MemberKeysTable {
  /** Lowercase hex SHA-256 of the raw public key (DESIGN.md §3). */
  key_id: string;
  /** Raw Ed25519 public key, standard base64. */
  public_key: string;
  org: string;
  member: string;
  enrolled_at: bigint;
  revoked_at: bigint | null;
}
