/** Errors the CLI reports to its user; `exitCode` follows the table in the README (CLI section). */
export type CliErrorCode = 'usage' | 'io' | 'key_file' | 'server' | 'exists' | 'not_initialised';

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
