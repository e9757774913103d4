import {
  createCosignatureVerifier,
  createNoteVerifier,
  encodeBase64,
  isCoreError,
  openCheckpoint,
  type Checkpoint,
  type CosignatureVerifier,
  type NoteVerifier,
} from '@jmm/core';

/** What the browser pins and the mechanism declares: the log's key and its witnesses' cosignature keys. */
export interface CheckpointTrust {
  readonly origin: string;
  /** The pinned C2SP verifier key of the log (trust-pin.ts), never the one the server presents now. */
  readonly logVerifierKey: string;
  readonly witnesses: readonly { readonly name: string; readonly vkey: string; readonly org: string }[];
  /** Organisations a witness of each of which must cosign for a checkpoint to be final (the settings). */
  readonly witnessPolicy: readonly string[];
}

export type WitnessStatus =
  | { readonly kind: 'cosigned'; readonly timestamp: bigint }
  | { readonly kind: 'missing' }
  | { readonly kind: 'invalid'; readonly reason: string };

export interface WitnessReport {
  readonly name: string;
  readonly org: string;
  readonly status: WitnessStatus;
}

export type CheckpointReport =
  | {
      readonly verified: true;
      readonly checkpoint: Checkpoint;
      readonly rootHash: string;
      readonly witnesses: readonly WitnessReport[];
      /** Signature lines from keys neither the log's nor a configured witness's. */
      readonly otherSignatures: readonly string[];
      /**
       * Whether the witness policy is met by cosignatures verified here (undefined when the settings name no
       * policy), and the policy's organisations still without one.
       */
      readonly final: boolean | undefined;
      readonly awaiting: readonly string[];
    }
  | { readonly verified: false; readonly reason: string };

function problemOf(cause: unknown): string {
  if (isCoreError(cause)) return `${cause.code}: ${cause.message}`;
  throw cause;
}

/**
 * Verifies a checkpoint note (c2sp.org/tlog-checkpoint) against the pinned log key, then each configured
 * witness's cosignature (c2sp.org/tlog-cosignature) on its own, so that one witness's bad line marks that
 * witness invalid instead of hiding the others. The note's text is shown only after the log's signature has
 * verified, as c2sp.org/signed-note requires.
 */
export async function verifyCheckpointNote(note: string, trust: CheckpointTrust): Promise<CheckpointReport> {
  let logVerifier: NoteVerifier;
  try {
    logVerifier = createNoteVerifier(trust.logVerifierKey);
  } catch (cause) {
    return { verified: false, reason: `the pinned log key is unusable (${problemOf(cause)})` };
  }
  let opened;
  try {
    opened = await openCheckpoint(note, logVerifier, { origin: trust.origin });
  } catch (cause) {
    return { verified: false, reason: problemOf(cause) };
  }
  const witnessKeys = new Set<string>();
  const witnesses: WitnessReport[] = [];
  for (const witness of trust.witnesses) {
    let verifier: CosignatureVerifier;
    try {
      verifier = createCosignatureVerifier(witness.vkey);
    } catch (cause) {
      witnesses.push({ ...nameOf(witness), status: { kind: 'invalid', reason: problemOf(cause) } });
      continue;
    }
    witnessKeys.add(keyOf(verifier.name, verifier.keyHash));
    witnesses.push({
      ...nameOf(witness),
      status: await checkWitness(note, logVerifier, verifier, trust.origin),
    });
  }
  const otherSignatures = opened.unverifiedSignatures
    .filter((signature) => !witnessKeys.has(keyOf(signature.name, signature.keyHash)))
    .map((signature) => signature.name);
  return {
    verified: true,
    checkpoint: opened.checkpoint,
    rootHash: encodeBase64(opened.checkpoint.rootHash),
    witnesses,
    otherSignatures,
    ...judgeWitnessPolicy(witnesses, trust.witnessPolicy),
  };
}

/** The policy is met when, for each organisation it names, a witness of that organisation cosigned. */
function judgeWitnessPolicy(
  witnesses: readonly WitnessReport[],
  policy: readonly string[],
): { final: boolean | undefined; awaiting: string[] } {
  const cosigned = new Set(
    witnesses.filter((witness) => witness.status.kind === 'cosigned').map((witness) => witness.org),
  );
  const awaiting = policy.filter((org) => !cosigned.has(org));
  return { final: policy.length === 0 ? undefined : awaiting.length === 0, awaiting };
}

function nameOf(witness: CheckpointTrust['witnesses'][number]): { name: string; org: string } {
  return { name: witness.name, org: witness.org };
}

function keyOf(name: string, keyHash: Uint8Array): string {
  return `${name}+${encodeBase64(keyHash)}`;
}

async function checkWitness(
  note: string,
  logVerifier: NoteVerifier,
  verifier: CosignatureVerifier,
  origin: string,
): Promise<WitnessStatus> {
  try {
    const opened = await openCheckpoint(note, logVerifier, { origin, cosignatureVerifiers: [verifier] });
    const cosignature = opened.cosignatures[0];
    return cosignature === undefined
      ? { kind: 'missing' }
      : { kind: 'cosigned', timestamp: cosignature.timestamp };
  } catch (cause) {
    return { kind: 'invalid', reason: problemOf(cause) };
  }
}
