/** A log the witness cosigns for: its origin (compared literally) and the C2SP vkey of its checkpoint key. */
export interface WitnessedLog {
  readonly origin: string;
  /** A type-0x01 (Ed25519) verifier key. Several entries with one origin mean several trusted keys. */
  readonly verifierKey: string;
}

export interface WitnessOptions {
  /** Where the witness keeps its per-log state. It must survive restarts: a witness that forgets must retire. */
  readonly stateDir: string;
  /** The witness's C2SP signer key string, of type 0x04 (tlog-cosignature/v1); see `generateWitnessKey`. */
  readonly signerKey: string;
  readonly logs: readonly WitnessedLog[];
  /** The clock for cosignature timestamps; default the system clock. */
  readonly now?: () => Date;
}

/** An add-checkpoint answer, ready to send as an HTTP response (c2sp.org/tlog-witness §add-checkpoint). */
export interface AddCheckpointAnswer {
  readonly status: 200 | 400 | 403 | 404 | 409 | 422;
  readonly contentType: string;
  readonly body: string;
}

export interface Witness {
  /** The witness's key name, which its cosignature lines carry. */
  readonly name: string;
  /** The vkey (type 0x04) that verifies its cosignatures. */
  readonly verifierKey: string;
  /**
   * Answers one add-checkpoint request body. A 200 answer's cosignature is durable before the promise resolves;
   * requests for one log are handled one at a time, so check and update are atomic. Rejects only when the
   * state cannot be written (then nothing was cosigned) or the witness is closed (`closed`).
   */
  addCheckpoint(body: string): Promise<AddCheckpointAnswer>;
  /** The size of the latest checkpoint cosigned for `origin`, or undefined if none. */
  latestSize(origin: string): bigint | undefined;
  /** Waits for requests in progress, then refuses new ones. */
  close(): Promise<void>;
}
