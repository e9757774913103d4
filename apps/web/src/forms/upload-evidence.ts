import type { Session } from '@jmm/client';
import { encodeHex } from '@jmm/core';
import type { UploadedEvidence } from './form-fields.ts';

/**
 * Uploads an evidence file before the statement that lists it is signed (DESIGN.md §5 blobs): the statement
 * names the file by its SHA-256, which the browser computes itself and also sends as an RFC 9530
 * Content-Digest, so the server stores exactly the bytes the member chose.
 */
export async function uploadEvidence(file: File, session: Session): Promise<UploadedEvidence> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  const base64 = btoa(String.fromCharCode(...digest));
  const answer = await fetch('/api/v1/evidence', {
    method: 'POST',
    headers: {
      authorization: `Bearer ${session.token}`,
      'content-type': file.type === '' ? 'application/octet-stream' : file.type,
      'content-digest': `sha-256=:${base64}:`,
    },
    body: bytes,
  });
  const body = (await answer.json().catch(() => ({}))) as {
    sha256?: string;
    size?: number;
    media_type?: string;
    detail?: string;
  };
  if (!answer.ok || typeof body.sha256 !== 'string')
    throw new Error(`${file.name}: ${body.detail ?? `HTTP ${answer.status}`}`);
  if (body.sha256 !== encodeHex(digest))
    throw new Error(`${file.name}: the server stored other bytes than were sent`);
  return {
    sha256: body.sha256,
    size: body.size ?? bytes.length,
    media_type: body.media_type ?? file.type,
    name: file.name,
  };
}
