import { decodeBase64, decodeUtf8, parseEnvelope } from '@jmm/core';
import { MAX_STATEMENT_BYTES, parseStatement, type Statement } from '@jmm/domain';

/** The statement inside a stored envelope (the sequencer parsed and checked it before logging it). */
export function decodeStoredStatement(envelope: Uint8Array): Statement {
  const parsed = parseEnvelope(decodeUtf8(envelope), {
    maxPayloadBytes: MAX_STATEMENT_BYTES,
    maxSignatures: 1,
  });
  return parseStatement(decodeBase64(parsed.payload));
}
