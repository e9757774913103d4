import { computeKeyId, signEnvelope, type Ed25519Signer, type Envelope } from '@jmm/core';
import { encodeStatement } from './parse-statement.ts';
import { STATEMENT_PAYLOAD_TYPE, type Statement } from './statements/statement.ts';

/**
 * Wraps a statement in a DSSE envelope signed by its author (DESIGN.md §3): the payload is the statement's
 * RFC 8785 form, the keyid the hex SHA-256 of the signer's public key. Runs wherever the key lives — the
 * browser, the CLI — never on the server.
 */
export async function signStatement(statement: Statement, signer: Ed25519Signer): Promise<Envelope> {
  return signEnvelope(STATEMENT_PAYLOAD_TYPE, encodeStatement(statement), [
    { keyid: computeKeyId(signer.publicKey), signer },
  ]);
}
