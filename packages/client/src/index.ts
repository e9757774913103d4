// @jmm/client: typed HTTP client and fetch-and-verify helpers for the CLI, the web app and auditors
// (DESIGN.md §8). Isomorphic: `fetch`, time and randomness are injected (STYLE.md habit 2).
export { ClientError, isClientError, type ClientErrorCode, type ServerProblem } from './client-error.ts';
export {
  createJmmClient,
  parseLogCheckpointRow,
  parseLogEnvelopeRow,
  type JmmClient,
  type JmmClientOptions,
  type LogCheckpoint,
  type LogEnvelope,
  type ComposeOptions,
  type ReadStatement,
  type StatementSigner,
  type SubmittedStatement,
} from './jmm-client.ts';
export {
  composeStatement,
  validateStatement,
  type ComposeStatementOptions,
  type StatementIssue,
} from './compose-statement.ts';
export {
  createHttpTransport,
  TIMER_CLOCK,
  type ClientClock,
  type FetchFunction,
  type HttpAnswer,
  type HttpRequest,
  type HttpTransport,
  type RetryOptions,
} from './http-transport.ts';
export {
  computeRetryDelay,
  DEFAULT_RETRY_POLICY,
  isRetryableStatus,
  parseRetryAfter,
  type RetryPolicy,
} from './retry-policy.ts';
export { CheckpointTracker } from './checkpoint-tracker.ts';
export {
  createLogVerifier,
  verifyLoggedStatement,
  type LogTrust,
  type VerifiedStatement,
} from './verify-logged-statement.ts';
export {
  parseSequencedAnswer,
  parseSubmissionAnswer,
  type SequencedAnswer,
  type SubmissionAnswer,
} from './sequenced-answer.ts';
export type * from './jmm-api.types.ts';
