// DSSE v1 envelopes (secure-systems-lab/dsse): the signed wrapper of every JMM statement (DESIGN.md §3).
export { encodePae } from './pae.ts';
export {
  parseEnvelope,
  serializeEnvelope,
  computeEnvelopeDigest,
  type Envelope,
  type EnvelopeSignature,
  type EnvelopeBounds,
} from './dsse-envelope.ts';
export { signEnvelope, type EnvelopeSigner } from './sign-envelope.ts';
export { verifyEnvelope, type ResolveEnvelopeKey } from './verify-envelope.ts';
