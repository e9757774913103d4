// The log side of witnessing (DESIGN.md §4, c2sp.org/tlog-witness): at most once per interval, the newest
// checkpoint is pushed to every witness the settings list, each cosignature is verified against that witness's
// key before it is stored, and /log/checkpoint is given the newest checkpoint that meets the witness policy.
//
// Nothing here is on the submission path: the sequencer answers submitters with the log-signed checkpoint at
// once, and this job only reads the engine's latest checkpoint and proofs. A witness that is down, slow or
// refusing costs one failed request per interval and a log line, never a delayed or failed submission.
import { createCosignatureVerifier, encodeHex, equalBytes } from '@jmm/core';
import type { LogEngine, StoredCheckpoint } from '@jmm/log';
import type { CosignatureRepository, StoredCosignature, WitnessedCheckpoint } from '@jmm/storage';
import { pushCheckpoint, type PushOutcome } from './push-checkpoint.ts';
import { meetsWitnessPolicy } from './witness-policy.ts';
import type { ConfiguredWitness, WitnessTransport } from './witness-transport.ts';

/** Where the job reports witnesses that fail (the server's logger). */
export interface WitnessingLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

const SILENT: WitnessingLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

export interface CheckpointWitnessingOptions {
  readonly engine: Pick<
    LogEngine,
    'latestCheckpoint' | 'mechanismState' | 'proveConsistency' | 'isSequencer'
  >;
  readonly cosignatures: CosignatureRepository;
  readonly transport: WitnessTransport;
  /** At most one round of pushes per this many milliseconds. */
  readonly intervalMs: number;
}

/** A checkpoint with the cosignatures gathered for it. */
export interface CosignedCheckpoint {
  readonly checkpoint: StoredCheckpoint;
  readonly cosignatures: readonly StoredCosignature[];
}

/** What the log knows about one witness key. */
interface WitnessState {
  /** The size the witness cosigned last, as far as the log knows: where the next consistency proof starts. */
  size: bigint;
  /** The checkpoint (checkpointKey) whose cosignature by this witness is stored; not pushed again. */
  cosigned: string | undefined;
  /** Why the last push failed, to log a failure once rather than every interval. */
  failing: string | undefined;
}

function checkpointKey(checkpoint: Pick<StoredCheckpoint, 'treeSize' | 'rootHash'>): string {
  return `${checkpoint.treeSize}/${encodeHex(checkpoint.rootHash)}`;
}

/** A witness key's identity in cosignatures: its name and key ID (c2sp.org/signed-note). */
function witnessKeyOf(name: string, keyHash: Uint8Array): string {
  return `${name}+${encodeHex(keyHash)}`;
}

export class CheckpointWitnessing {
  private readonly witnesses = new Map<string, WitnessState>();
  private progress: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private log = SILENT;
  private closed = false;
  /** The push in flight per witness key; the next round skips that witness rather than queueing a second. */
  private readonly inFlight = new Map<string, Promise<void>>();
  /** The newest checkpoint a witness cosigned since start, with every cosignature stored for it. */
  private newest: CosignedCheckpoint | undefined;
  /** The newest checkpoint meeting the witness policy `policy` (a canonical key of the org list). */
  private final: { readonly policy: string; checkpoint: CosignedCheckpoint | undefined } | undefined;
  private finalLoading: Promise<void> | undefined;
  private readonly invalidKeys = new Set<string>();

  constructor(private readonly options: CheckpointWitnessingOptions) {}

  /** Starts the rounds (the first at once); a second call does nothing. Failures go to `log`. */
  start(log: WitnessingLogger): void {
    if (this.timer !== undefined || this.closed) return;
    this.log = log;
    this.timer = setInterval(() => void this.pushNewestCheckpoint(), this.options.intervalMs);
    // The job never keeps a process alive on its own: the server's sockets and the CLI's signals decide.
    this.timer.unref();
    void this.pushNewestCheckpoint();
  }

  /** Stops the rounds and waits for pushes in flight, so the database can be closed after it. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    await Promise.allSettled(this.inFlight.values());
  }

  /**
   * One round: pushes the newest checkpoint to every witness the settings list that has not cosigned it and
   * has no push in flight. Resolves when every push in flight, this round's and earlier ones', is done; never
   * rejects.
   */
  async pushNewestCheckpoint(): Promise<void> {
    const checkpoint = this.options.engine.latestCheckpoint;
    // Only the sequencing process pushes (several processes may serve one log; issue 9).
    if (checkpoint === undefined || this.closed || !this.options.engine.isSequencer) return;
    try {
      this.progress ??= this.loadProgress();
      await this.progress;
    } catch (cause) {
      this.progress = undefined;
      this.log.warn({ err: cause }, 'witnessing: could not read which checkpoints witnesses cosigned');
      return;
    }
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- close() may have run during the await
    if (this.closed) return;
    const key = checkpointKey(checkpoint);
    for (const witness of this.options.engine.mechanismState.settings.witnesses) {
      const witnessKey = this.witnessKey(witness);
      if (witnessKey === undefined || !this.options.transport.reaches(witness)) continue;
      let state = this.witnesses.get(witnessKey);
      if (state === undefined) {
        state = { size: 0n, cosigned: undefined, failing: undefined };
        this.witnesses.set(witnessKey, state);
      }
      if (this.inFlight.has(witnessKey) || state.cosigned === key) continue;
      const push = this.witnessCheckpoint(witness, state, checkpoint).finally(() => {
        this.inFlight.delete(witnessKey);
      });
      this.inFlight.set(witnessKey, push);
    }
    await Promise.allSettled(this.inFlight.values());
  }

  /**
   * What /log/checkpoint serves: the newest checkpoint that meets the settings' witness policy, with its
   * cosignatures; with an empty policy, the newest checkpoint with whatever cosignatures it has. Undefined
   * while the log is empty or no checkpoint has met the policy yet.
   */
  async servedCheckpoint(): Promise<CosignedCheckpoint | undefined> {
    const latest = this.options.engine.latestCheckpoint;
    if (latest === undefined) return undefined;
    const policy = this.options.engine.mechanismState.settings.witness_policy;
    if (policy.length === 0) {
      const newest = this.newest;
      const cosigned = newest !== undefined && checkpointKey(newest.checkpoint) === checkpointKey(latest);
      return { checkpoint: latest, cosignatures: cosigned ? newest.cosignatures : [] };
    }
    const policyKey = policyKeyOf(policy);
    if (this.final?.policy !== policyKey) {
      // The policy changed (or this is the first read): storage knows every checkpoint's cosignatures.
      this.finalLoading ??= this.loadFinal(policyKey, policy).finally(() => (this.finalLoading = undefined));
      await this.finalLoading;
    }
    return this.final?.policy === policyKey ? this.final.checkpoint : undefined;
  }

  private async loadFinal(policyKey: string, policy: readonly string[]): Promise<void> {
    const found = await this.options.cosignatures.findNewestWitnessedCheckpoint(policy);
    const checkpoint = found === undefined ? undefined : toCosigned(found);
    const current = this.final?.policy === policyKey ? this.final.checkpoint : undefined;
    // A cosignature stored while the read ran may be missing from it, and recordCosigned skipped `final` while
    // it was loading: `newest` has it, so an idle log does not serve an older checkpoint until the next one.
    const recorded = this.newest !== undefined && meetsWitnessPolicy(this.newest.cosignatures, policy);
    this.final = {
      policy: policyKey,
      checkpoint: newer(newer(current, checkpoint), recorded ? this.newest : undefined),
    };
  }

  private async loadProgress(): Promise<void> {
    for (const progress of await this.options.cosignatures.readWitnessProgress()) {
      const key = witnessKeyOf(progress.witnessName, progress.keyHash);
      const state = this.witnesses.get(key);
      if (state === undefined) {
        this.witnesses.set(key, { size: progress.treeSize, cosigned: undefined, failing: undefined });
      } else if (state.size < progress.treeSize) {
        state.size = progress.treeSize;
      }
    }
  }

  /** The state key of a settings entry, or undefined (logged once) if its vkey is not a cosignature key. */
  private witnessKey(witness: ConfiguredWitness): string | undefined {
    try {
      const { name, keyHash } = createCosignatureVerifier(witness.vkey);
      return witnessKeyOf(name, keyHash);
    } catch (cause) {
      if (!this.invalidKeys.has(witness.vkey)) {
        this.invalidKeys.add(witness.vkey);
        this.log.error(
          { witness: witness.name, err: cause },
          'witnessing: the settings list an unusable witness key',
        );
      }
      return undefined;
    }
  }

  private async witnessCheckpoint(
    witness: ConfiguredWitness,
    state: WitnessState,
    checkpoint: StoredCheckpoint,
  ): Promise<void> {
    // At most one retry: a 409 tells the witness's real size, and the push from there should succeed.
    for (let attempt = 0; attempt < 2; attempt++) {
      if (state.size > checkpoint.treeSize) {
        // The witness cosigned a larger tree than this log has: a rolled-back database or a fork. Never
        // papered over: an operator must look.
        this.fail(
          witness,
          state,
          `the witness has cosigned size ${state.size}, beyond this log's ${checkpoint.treeSize}`,
          'error',
        );
        return;
      }
      const outcome: PushOutcome = await pushCheckpoint({
        witness,
        checkpoint,
        oldSize: state.size,
        proveConsistency: (from, to) => this.options.engine.proveConsistency(from, to),
        transport: this.options.transport,
      });
      switch (outcome.kind) {
        case 'cosigned':
          await this.storeCosignature(witness, state, checkpoint, outcome);
          return;
        case 'conflict':
          this.log.info(
            { witness: witness.name, size: String(outcome.witnessSize) },
            'witnessing: the witness is at another size; pushing from there',
          );
          state.size = outcome.witnessSize;
          break;
        case 'failed':
          this.fail(witness, state, outcome.reason, 'warn');
          return;
      }
    }
  }

  private async storeCosignature(
    witness: ConfiguredWitness,
    state: WitnessState,
    checkpoint: StoredCheckpoint,
    outcome: Extract<PushOutcome, { kind: 'cosigned' }>,
  ): Promise<void> {
    const { cosignature, signatureLine } = outcome;
    try {
      await this.options.cosignatures.saveCosignature({
        treeSize: checkpoint.treeSize,
        rootHash: checkpoint.rootHash,
        witnessOrg: witness.org,
        witnessName: cosignature.name,
        keyHash: cosignature.keyHash,
        timestamp: cosignature.timestamp,
        signatureLine,
      });
      const cosignatures = await this.options.cosignatures.readCosignatures(
        checkpoint.treeSize,
        checkpoint.rootHash,
      );
      state.size = checkpoint.treeSize;
      state.cosigned = checkpointKey(checkpoint);
      if (state.failing !== undefined) {
        this.log.info({ witness: witness.name }, 'witnessing: the witness cosigns again');
        state.failing = undefined;
      }
      this.recordCosigned({ checkpoint, cosignatures });
    } catch (cause) {
      this.fail(witness, state, `the cosignature could not be stored (${String(cause)})`, 'error');
    }
  }

  /** Keeps the newest cosigned checkpoint, and the newest final one under the current policy. */
  private recordCosigned(cosigned: CosignedCheckpoint): void {
    this.newest = newer(this.newest, cosigned);
    const policy = this.options.engine.mechanismState.settings.witness_policy;
    const final = this.final;
    if (final?.policy !== policyKeyOf(policy)) return;
    if (meetsWitnessPolicy(cosigned.cosignatures, policy))
      final.checkpoint = newer(final.checkpoint, cosigned);
  }

  private fail(
    witness: ConfiguredWitness,
    state: WitnessState,
    reason: string,
    level: 'warn' | 'error',
  ): void {
    // Logged when it starts failing or fails differently; a witness down for an hour is one line, not 3,600.
    if (state.failing !== reason)
      this.log[level]({ witness: witness.name, reason }, 'witnessing: no cosignature');
    state.failing = reason;
  }
}

/** A policy's organisations as one comparable key: the policy is a set. */
function policyKeyOf(policy: readonly string[]): string {
  return JSON.stringify([...new Set(policy)].sort());
}

function toCosigned(witnessed: WitnessedCheckpoint): CosignedCheckpoint {
  const { cosignatures, ...checkpoint } = witnessed;
  return { checkpoint, cosignatures };
}

/** The one of two cosigned checkpoints with the larger tree (the later one of equal trees, more cosigned). */
function newer(
  a: CosignedCheckpoint | undefined,
  b: CosignedCheckpoint | undefined,
): CosignedCheckpoint | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  if (a.checkpoint.treeSize !== b.checkpoint.treeSize)
    return a.checkpoint.treeSize > b.checkpoint.treeSize ? a : b;
  if (!equalBytes(a.checkpoint.rootHash, b.checkpoint.rootHash)) return a;
  return b.cosignatures.length >= a.cosignatures.length ? b : a;
}
