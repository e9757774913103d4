import {
  createCosignatureVerifier,
  encodeUtf8,
  equalBytes,
  openCheckpoint,
  type Checkpoint,
  type CosignatureVerifier,
  type NoteVerifier,
} from '@jmm/core';
import type { Settings } from '@jmm/domain';

/** A checkpoint note opened with the log's key, and what its cosignatures say. */
export interface OpenedLogCheckpoint {
  readonly checkpoint: Checkpoint;
  readonly note: string;
  /** Organisations with at least one configured witness whose cosignature verified. */
  readonly witnessedBy: readonly string[];
  /** Names of configured witnesses whose signature line is on the note but does not verify over it. */
  readonly badCosignatures: readonly string[];
}

type Witness = Settings['witnesses'][number];

/**
 * Checks checkpoint notes: the log's signature (c2sp.org/tlog-checkpoint), then each cosignature line by a
 * witness the settings configure (c2sp.org/tlog-cosignature, cosignature/v1). The log signature is checked on
 * its own first, so a bad cosignature is reported as one rather than making the whole note unreadable;
 * a cosignature made over any other checkpoint does not verify over this note's text, and is refused.
 */
export class CheckpointOpener {
  private readonly verifiers = new Map<string, CosignatureVerifier | undefined>();

  constructor(
    private readonly logVerifier: NoteVerifier,
    private readonly origin: string,
  ) {}

  private verifierOf(witness: Witness): CosignatureVerifier | undefined {
    if (!this.verifiers.has(witness.vkey)) {
      let verifier: CosignatureVerifier | undefined;
      try {
        verifier = createCosignatureVerifier(witness.vkey);
      } catch {
        // A witness key that is not a cosignature/v1 key can vouch for nothing.
        verifier = undefined;
      }
      this.verifiers.set(witness.vkey, verifier);
    }
    return this.verifiers.get(witness.vkey);
  }

  /** Opens `note`; throws CoreError if the log's signature does not verify or the note is not a checkpoint. */
  async open(note: string, witnesses: readonly Witness[]): Promise<OpenedLogCheckpoint> {
    const opened = await openCheckpoint(note, this.logVerifier, { origin: this.origin });
    const message = encodeUtf8(opened.text);
    const witnessedBy = new Set<string>();
    const bad: string[] = [];
    for (const witness of witnesses) {
      const verifier = this.verifierOf(witness);
      if (verifier === undefined) continue;
      const lines = opened.unverifiedSignatures.filter(
        (signature) => signature.name === verifier.name && equalBytes(signature.keyHash, verifier.keyHash),
      );
      for (const line of lines) {
        if (await verifier.verify(message, line.signature)) witnessedBy.add(witness.org);
        else bad.push(witness.name);
      }
    }
    return {
      checkpoint: opened.checkpoint,
      note,
      witnessedBy: [...witnessedBy].sort(),
      badCosignatures: bad,
    };
  }
}

/** The organisations the witness policy names that no verified cosignature came from. */
export function listMissingWitnesses(settings: Settings, witnessedBy: readonly string[]): string[] {
  return settings.witness_policy.filter((org) => !witnessedBy.includes(org));
}
