import { LogError } from '@jmm/log';
import type { SequencerElection } from '@jmm/mechanism';

/** Marks a submission one process handed to another: it is never handed on again (no loops through stale URLs). */
export const FORWARDED_HEADER = 'x-jmm-forwarded';

/** Longer than any batch takes to commit; a submitter whose answer is lost resubmits (idempotent). */
const FORWARD_TIMEOUT_MS = 30_000;

/** The sequencing process's answer, relayed as it is. */
export interface ForwardedAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly retryAfter: string | undefined;
  readonly body: string;
}

/**
 * Hands a submission received by a process that does not sequence to the one that does (issue 9): the same
 * request body to its `POST /api/v1/statements`, answered with exactly what it answers, so a submitter sees no
 * difference. A sequencer that cannot be reached (none elected yet, or it just died) is LogError
 * `not_sequencer`, 503 with Retry-After: the submitter resubmits, to this process or another, and resubmission
 * is idempotent, so a statement whose answer was lost is never logged twice.
 */
export async function forwardSubmission(
  election: SequencerElection,
  body: unknown,
): Promise<ForwardedAnswer> {
  const holder = await election.holderUrl();
  if (holder === undefined) throw unreachable('no process has taken the sequencer lock yet');
  let response: Response;
  let text: string;
  try {
    response = await fetch(new URL('api/v1/statements', holder.endsWith('/') ? holder : `${holder}/`), {
      method: 'POST',
      headers: { 'content-type': 'application/json', [FORWARDED_HEADER]: '1' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(FORWARD_TIMEOUT_MS),
    });
    text = await response.text();
  } catch (cause) {
    throw unreachable(`the sequencing process at ${holder} did not answer`, cause);
  }
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? 'application/json',
    retryAfter: response.headers.get('retry-after') ?? undefined,
    body: text,
  };
}

function unreachable(message: string, cause?: unknown): LogError {
  return new LogError('not_sequencer', message, { cause, retryAfterSeconds: 1 });
}
