/** Errors of @jmm/interchange (STYLE.md habit 3); a parser's per-row problems are values, not errors. */
export type InterchangeErrorCode = 'invalid_argument' | 'too_large';

export class InterchangeError extends Error {
  override readonly name = 'InterchangeError';
  readonly code: InterchangeErrorCode;

  constructor(code: InterchangeErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export function isInterchangeError(error: unknown, code?: InterchangeErrorCode): error is InterchangeError {
  return error instanceof InterchangeError && (code === undefined || error.code === code);
}
