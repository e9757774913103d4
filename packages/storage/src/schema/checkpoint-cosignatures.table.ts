/**
 * `checkpoint_cosignatures`: a witness's cosignature (c2sp.org/tlog-cosignature) on one checkpoint of
 * `checkpoint_history`, keyed by the checkpoint and the witness key (name and 4-byte key ID).
 */
export interface CheckpointCosignaturesTable {
  tree_size: bigint;
  root_hash: Uint8Array;
  witness_name: string;
  key_hash: Uint8Array;
  /** The organisation that runs the witness, from the settings that listed its key when it cosigned. */
  witness_org: string;
  /** POSIX seconds from the cosignature's timestamped_signature. */
  timestamp: bigint;
  /** The note signature line as the witness returned it, newline included. */
  signature_line: string;
}
