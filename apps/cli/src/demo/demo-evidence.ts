import { encodeHex, encodeUtf8, sha256 } from '@jmm/core';
import type { StatementOf } from '@jmm/domain';
import { synthetic } from './demo-phrases.ts';
import { iso } from './demo-world.ts';

export type DemoEvidenceEntry = StatementOf<'incident.report'>['body']['evidence'][number];

/**
 * A stand-in evidence file: a short text file whose SHA-256 the statement cites, and whose description says
 * what a real file would have been. The demo holds no real photographs or documents. There is one file per
 * kind of evidence, shared by every statement that cites that kind, and it is stored in the mechanism's blob
 * store like any upload, so the demo's evidence links work.
 */
export function createDemoEvidence(
  what: string,
  capturedAt: number,
): { readonly entry: DemoEvidenceEntry; readonly bytes: Uint8Array } {
  const bytes = encodeUtf8(
    `[SYNTHETIC] JMM demonstration evidence placeholder.\nIn a real mechanism this file would be ${what}.\n`,
  );
  return {
    bytes,
    entry: {
      sha256: encodeHex(sha256(bytes)),
      media_type: 'text/plain',
      size: bytes.length,
      captured_at: iso(capturedAt),
      description: synthetic(`Stand-in for ${what} (a short text file)`),
    },
  };
}
