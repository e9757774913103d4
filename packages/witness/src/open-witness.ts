// A c2sp.org/tlog-witness witness: it cosigns a log's checkpoint only if the log signed it and it extends the
// latest checkpoint the witness cosigned for that log, so it never cosigns two views of one log (DESIGN.md §4).
import {
  EMPTY_ROOT_HASH,
  SIGNATURE_TYPE_COSIGNATURE_V1,
  SIGNATURE_TYPE_ED25519,
  createCosigner,
  createNoteVerifier,
  equalBytes,
  formatVerifierKey,
  isCoreError,
  openNote,
  parseAddCheckpointRequest,
  parseCheckpoint,
  parseVerifierKey,
  signCosignature,
  verifyConsistencyProof,
  type AddCheckpointRequest,
  type Checkpoint,
  type Cosigner,
  type NoteVerifier,
} from '@jmm/core';
import { WitnessError } from './witness-error.ts';
import { loadLogStates, saveEvidence, saveLogState, type LogState } from './witness-state-store.ts';
import type { AddCheckpointAnswer, Witness, WitnessOptions, WitnessedLog } from './witness.types.ts';

const TEXT = 'text/plain; charset=utf-8';
/** The spec's content type for the 409 answer that tells the client the size the witness is at. */
const TREE_SIZE_TYPE = 'text/x.tlog.size';

function answer(status: AddCheckpointAnswer['status'], body: string): AddCheckpointAnswer {
  return { status, contentType: TEXT, body: body.endsWith('\n') ? body : `${body}\n` };
}

function conflict(latestSize: bigint): AddCheckpointAnswer {
  return { status: 409, contentType: TREE_SIZE_TYPE, body: `${latestSize.toString()}\n` };
}

function configurationError(message: string, cause?: unknown): WitnessError {
  return new WitnessError('invalid_configuration', message, { cause });
}

async function createWitnessCosigner(signerKey: string): Promise<Cosigner> {
  try {
    return await createCosigner(signerKey);
  } catch (cause) {
    throw configurationError('the witness key is not a tlog-cosignature/v1 (type 0x04) signer key', cause);
  }
}

/** The trusted checkpoint keys per origin; several keys for one origin are all trusted (key rotation). */
function indexLogKeys(logs: readonly WitnessedLog[]): Map<string, NoteVerifier[]> {
  const byOrigin = new Map<string, NoteVerifier[]>();
  for (const { origin, verifierKey } of logs) {
    let type: number;
    try {
      type = parseVerifierKey(verifierKey).type;
    } catch (cause) {
      throw configurationError(`the key of log ${JSON.stringify(origin)} is not a verifier key`, cause);
    }
    if (type !== SIGNATURE_TYPE_ED25519) {
      throw configurationError(`the key of log ${JSON.stringify(origin)} is not an Ed25519 (type 0x01) key`);
    }
    if (origin === '' || origin.includes('\n'))
      throw configurationError('a log origin is one non-empty line');
    const verifiers = byOrigin.get(origin) ?? [];
    verifiers.push(createNoteVerifier(verifierKey));
    byOrigin.set(origin, verifiers);
  }
  return byOrigin;
}

/** A request whose checkpoint the log signed: the parsed checkpoint, the whole note, and its signed text. */
interface VerifiedRequest {
  checkpoint: Checkpoint;
  note: string;
  text: string;
}

type Verified = VerifiedRequest | { refusal: AddCheckpointAnswer };

/**
 * The checks that need no state: a well-formed request, a known origin (404), a signature by one of the log's
 * keys (403), a well-formed checkpoint, and old size ≤ new size (400). The spec: a witness "MUST ignore
 * signatures from unknown keys", which openNote does; it reads the text only after a trusted key verified it.
 */
async function verifyRequest(
  request: AddCheckpointRequest,
  logKeys: ReadonlyMap<string, NoteVerifier[]>,
): Promise<Verified> {
  const note = request.checkpoint;
  const origin = note.slice(0, note.indexOf('\n'));
  const verifiers = logKeys.get(origin);
  if (verifiers === undefined) return { refusal: answer(404, 'unknown log origin') };
  let text: string;
  try {
    text = (await openNote(note, verifiers)).text;
  } catch (error) {
    if (isCoreError(error, 'unverified_note') || isCoreError(error, 'invalid_signature')) {
      return { refusal: answer(403, "the checkpoint carries no valid signature by the log's key") };
    }
    if (isCoreError(error)) return { refusal: answer(400, `malformed checkpoint note: ${error.message}`) };
    throw error;
  }
  let checkpoint: Checkpoint;
  try {
    checkpoint = parseCheckpoint(text);
  } catch (error) {
    if (isCoreError(error)) return { refusal: answer(400, `malformed checkpoint: ${error.message}`) };
    throw error;
  }
  if (request.oldSize > checkpoint.treeSize) {
    return { refusal: answer(400, 'the old size is larger than the checkpoint size') };
  }
  return { checkpoint, note, text };
}

/**
 * Opens a witness over its state directory: reads every log's state (a malformed state file is an
 * `invalid_state` error, never a fresh start), checks the keys, and is ready to answer add-checkpoint requests.
 */
export async function openWitness(options: WitnessOptions): Promise<Witness> {
  const { stateDir, logs, now = () => new Date() } = options;
  if (stateDir === '') throw configurationError('the state directory is required');
  const cosigner = await createWitnessCosigner(options.signerKey);
  const logKeys = indexLogKeys(logs);
  const states: Map<string, LogState> = await loadLogStates(stateDir);
  const queues = new Map<string, Promise<void>>();
  let closed = false;

  /** Runs `task` after every earlier task for `origin`: the check and the update are one atomic step. */
  function serialise<T>(origin: string, task: () => Promise<T>): Promise<T> {
    const run = (queues.get(origin) ?? Promise.resolve()).then(task);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    queues.set(origin, tail);
    void tail.then(() => {
      if (queues.get(origin) === tail) queues.delete(origin);
    });
    return run;
  }

  function timestamp(): bigint {
    const millis = now().getTime();
    if (!Number.isFinite(millis) || millis < 0) throw new WitnessError('invalid_configuration', 'bad clock');
    return BigInt(Math.floor(millis / 1000));
  }

  /** The stateful checks of the spec, in its order, then cosign and persist. */
  async function cosignInOrder(
    body: string,
    request: AddCheckpointRequest,
    { checkpoint, note, text }: VerifiedRequest,
  ): Promise<AddCheckpointAnswer> {
    const { origin, treeSize, rootHash } = checkpoint;
    const state = states.get(origin);
    // Never having cosigned is being at the empty tree, whose root is fixed (RFC 9162 §2.1.1).
    const latestSize = state?.treeSize ?? 0n;
    const latestRoot = state?.rootHash ?? EMPTY_ROOT_HASH;
    if (request.oldSize !== latestSize) return conflict(latestSize);
    // The spec: at the same size, a different root is a 409 too. This is the witness refusing a fork.
    if (treeSize === latestSize && !equalBytes(rootHash, latestRoot)) {
      await saveEvidence(stateDir, body);
      return answer(409, 'the checkpoint has a different root at the size the witness cosigned');
    }
    // From size 0 there is nothing to prove (the request parser has already refused a non-empty proof). At
    // the same size, the only valid proof is the empty one.
    if (latestSize > 0n) {
      try {
        verifyConsistencyProof(latestSize, treeSize, request.consistencyProof, latestRoot, rootHash);
      } catch (error) {
        if (!isCoreError(error, 'invalid_proof')) throw error;
        // The log signed a checkpoint that does not extend the one cosigned: possible evidence of a fork.
        await saveEvidence(stateDir, body);
        return answer(422, 'the consistency proof does not verify');
      }
    }
    const cosignature = await signCosignature(text, timestamp(), cosigner);
    if (state === undefined || treeSize !== latestSize) {
      const next: LogState = { origin, treeSize, rootHash, checkpoint: `${note}${cosignature}` };
      // Durable before the answer (the spec's MUST), and remembered only once durable.
      await saveLogState(stateDir, next);
      states.set(origin, next);
    }
    return { status: 200, contentType: TEXT, body: cosignature };
  }

  return {
    name: cosigner.name,
    verifierKey: formatVerifierKey(cosigner.name, cosigner.publicKey, SIGNATURE_TYPE_COSIGNATURE_V1),

    async addCheckpoint(body) {
      if (closed) throw new WitnessError('closed', 'the witness is closed');
      let request: AddCheckpointRequest;
      try {
        request = parseAddCheckpointRequest(body);
      } catch (error) {
        if (isCoreError(error)) return answer(400, `malformed request: ${error.message}`);
        throw error;
      }
      const verified = await verifyRequest(request, logKeys);
      if ('refusal' in verified) return verified.refusal;
      return serialise(verified.checkpoint.origin, () => cosignInOrder(body, request, verified));
    },

    latestSize: (origin) => states.get(origin)?.treeSize,

    async close() {
      closed = true;
      await Promise.all(queues.values());
    },
  };
}
