/** Errors the CLI reports to its user; `exitCode` follows the table in the README (CLI section). */
export type CliErrorCode =
  | 'usage'
  | 'io'
  | 'key_file'
  | 'server'
  | 'exists'
  | 'not_initialised'
  /** `jmm verify`: the mechanism or bundle could not be read (see VERIFY_HELP). */
  | 'unreachable'
  /** `jmm verify`: something served is not what the log signed. */
  | 'audit_tampered'
  /** `jmm verify`: the log signed two views of its history. */
  | 'audit_split_view'
  /** `jmm verify`: the log holds a statement the rules refuse. */
  | 'audit_invalid_statement'
  /** `jmm verify`: a cosignature does not verify, or the latest checkpoint does not meet the witness policy. */
  | 'audit_unwitnessed';

/** Exit codes: documented in README.md → "CLI". */
export const EXIT_CODES: Readonly<Record<CliErrorCode | 'ok' | 'internal', number>> = {
  ok: 0,
  internal: 1,
  usage: 2,
  io: 3,
  key_file: 4,
  server: 5,
  exists: 6,
  not_initialised: 7,
  unreachable: 10,
  audit_tampered: 11,
  audit_split_view: 12,
  audit_invalid_statement: 13,
  audit_unwitnessed: 14,
};

export class CliError extends Error {
  override readonly name = 'CliError';
  readonly code: CliErrorCode;
  readonly detail: unknown;

  constructor(code: CliErrorCode, message: string, options?: { cause?: unknown; detail?: unknown }) {
    super(message, options);
    this.code = code;
    this.detail = options?.detail;
  }
}
