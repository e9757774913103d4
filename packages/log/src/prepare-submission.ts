import {
  computeEnvelopeDigest,
  decodeBase64,
  encodeUtf8,
  parseEnvelope,
  serializeEnvelope,
  verifyEnvelope,
  type Envelope,
} from '@jmm/core';
import {
  DomainError,
  MAX_STATEMENT_BYTES,
  parseStatement,
  STATEMENT_PAYLOAD_TYPE,
  type MechanismState,
  type Statement,
} from '@jmm/domain';

/** A submission after the checks that need no mechanism state: parsed, bounded, digested. */
export interface PreparedSubmission {
  readonly envelope: Envelope;
  /** The stored form: the JCS text of the DSSE object, UTF-8 (DESIGN.md §3). */
  readonly envelopeBytes: Uint8Array;
  readonly digest: string;
  readonly statement: Statement;
  readonly keyId: string;
  /** Whether the signature was verified against a key known before sequencing (else the sequencer checks it). */
  readonly signatureVerified: boolean;
}

const ENVELOPE_BOUNDS = { maxPayloadBytes: MAX_STATEMENT_BYTES, maxSignatures: 1 } as const;

/**
 * The public key a statement's signature should verify under, from `state` or, for a genesis, from the genesis
 * itself (its issuer's listed key: nothing is enrolled before it).
 */
export function resolveStatementKey(
  statement: Statement,
  keyId: string,
  state: MechanismState,
  keyIdOf: (publicKey: string) => string,
): Uint8Array | undefined {
  const key = state.keys.get(keyId);
  if (key !== undefined) return decodeBase64(key.publicKey);
  if (statement.type === 'mechanism.genesis') {
    const listed = statement.body.orgs
      .flatMap((org) => org.admins)
      .find((admin) => keyIdOf(admin.public_key) === keyId);
    return listed === undefined ? undefined : decodeBase64(listed.public_key);
  }
  return undefined;
}

/** Verifies the envelope's one signature with `publicKey`; throws DomainError('invalid_envelope') if it fails. */
export async function checkStatementSignature(
  envelope: Envelope,
  keyId: string,
  publicKey: Uint8Array,
): Promise<void> {
  try {
    await verifyEnvelope(envelope, (candidate) => (candidate === keyId ? publicKey : undefined));
  } catch (cause) {
    throw new DomainError('invalid_envelope', 'the envelope signature does not verify', { cause });
  }
}

/**
 * The first validation step (DESIGN.md §3), independent of sequencing order so it runs concurrently for many
 * submissions: envelope shape and bounds, payload type, exactly one signature (a statement has one author),
 * statement schema, and the signature itself when the key is already known. Throws CoreError or DomainError.
 */
export async function prepareSubmission(
  input: unknown,
  state: MechanismState,
  keyIdOf: (publicKey: string) => string,
): Promise<PreparedSubmission> {
  const envelope = parseEnvelope(input, ENVELOPE_BOUNDS);
  if (envelope.payloadType !== STATEMENT_PAYLOAD_TYPE) {
    throw new DomainError('invalid_envelope', `payloadType must be ${STATEMENT_PAYLOAD_TYPE}`);
  }
  const signature = envelope.signatures[0];
  if (signature === undefined || envelope.signatures.length !== 1) {
    throw new DomainError(
      'invalid_envelope',
      'a statement envelope carries exactly one signature, its issuer’s',
    );
  }
  const keyId = signature.keyid;
  // DSSE: verify before parsing when the key is known, so a tampered payload is refused as a bad signature and
  // its contents are never interpreted. Only a genesis (whose key it lists itself) is parsed first.
  const enrolled = state.keys.get(keyId);
  if (enrolled !== undefined)
    await checkStatementSignature(envelope, keyId, decodeBase64(enrolled.publicKey));
  const statement = parseStatement(decodeBase64(envelope.payload));
  const publicKey =
    enrolled === undefined ? resolveStatementKey(statement, keyId, state, keyIdOf) : undefined;
  if (publicKey !== undefined) await checkStatementSignature(envelope, keyId, publicKey);
  return {
    envelope,
    envelopeBytes: encodeUtf8(serializeEnvelope(envelope)),
    digest: computeEnvelopeDigest(envelope),
    statement,
    keyId,
    signatureVerified: enrolled !== undefined || publicKey !== undefined,
  };
}
