// @jmm/witness: a C2SP tlog-witness (c2sp.org/tlog-witness) for JMM logs and any other tlog-checkpoint log.
export { WitnessError, isWitnessError, type WitnessErrorCode } from './witness-error.ts';
export type { AddCheckpointAnswer, Witness, WitnessOptions, WitnessedLog } from './witness.types.ts';
export { openWitness } from './open-witness.ts';
export { serveWitness, type WitnessServer } from './serve-witness.ts';
export { generateWitnessKey } from './generate-witness-key.ts';
export {
  pullCheckpoint,
  pullCheckpoints,
  type PullCheckpointOptions,
  type PullCheckpointsOptions,
  type PullResult,
} from './pull-checkpoints.ts';
