// c2sp.org/tlog-witness wire formats.
export {
  MAX_ADD_CHECKPOINT_REQUEST_BYTES,
  MAX_CONSISTENCY_PROOF_LINES,
  formatAddCheckpointRequest,
  parseAddCheckpointRequest,
  type AddCheckpointRequest,
} from './add-checkpoint-request.ts';
