import { canonicalizeJson, decodeUtf8, isCoreError, parseJson } from '@jmm/core';
import { DomainError } from './domain-error.ts';
import {
  MAX_STATEMENT_BYTES,
  MAX_STATEMENT_DEPTH,
  statementSchema,
  type Statement,
} from './statements/statement.ts';

/**
 * Parses a DSSE payload into a statement (DESIGN.md §3, first validation step): bounded UTF-8 JSON, in
 * RFC 8785 canonical form (so a payload has one byte representation and duplicate member names cannot hide),
 * matching the schema of its type. Throws DomainError('invalid_statement') with the failing paths.
 */
export function parseStatement(payload: Uint8Array): Statement {
  if (payload.length > MAX_STATEMENT_BYTES) {
    throw new DomainError('invalid_statement', `a statement is at most ${MAX_STATEMENT_BYTES} bytes`, {
      detail: { limit: MAX_STATEMENT_BYTES },
    });
  }
  let value: unknown;
  try {
    const text = decodeUtf8(payload);
    value = parseJson(text, { maxLength: MAX_STATEMENT_BYTES, maxDepth: MAX_STATEMENT_DEPTH });
    if (canonicalizeJson(value) !== text) {
      throw new DomainError('invalid_statement', 'the payload is not in RFC 8785 canonical form');
    }
  } catch (cause) {
    if (cause instanceof DomainError) throw cause;
    const reason = isCoreError(cause) ? cause.message : 'unreadable payload';
    throw new DomainError('invalid_statement', `the payload is not a JSON statement: ${reason}`, { cause });
  }
  const result = statementSchema.safeParse(value);
  if (!result.success) {
    const issues = result.error.issues
      .slice(0, 20)
      .map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
    throw new DomainError(
      'invalid_statement',
      `the statement does not match its schema: ${issues[0]?.path ?? ''} ${issues[0]?.message ?? ''}`.trim(),
      {
        detail: { issues },
      },
    );
  }
  return result.data;
}

/** The payload bytes of a statement: its RFC 8785 form, UTF-8. */
export function encodeStatement(statement: Statement): Uint8Array {
  return new TextEncoder().encode(canonicalizeJson(statement));
}
