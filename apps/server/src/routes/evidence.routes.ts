import { Readable } from 'node:stream';
import { decodeBase64, decodeHex, encodeBase64, encodeHex } from '@jmm/core';
import { canOrgRead } from '@jmm/domain';
import { isStorageError } from '@jmm/storage';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppServices } from '../app-services.ts';
import { requirePrincipal, type Principal } from '../auth/auth-plugin.ts';
import { ServerError } from '../server-error.ts';
import { problemResponses } from './api-schemas.ts';

/**
 * The media types an evidence file may be uploaded as, with the extension its download is named with. The type
 * is only the uploader's claim: downloads are always `application/octet-stream` attachments.
 */
export const EVIDENCE_MEDIA_TYPES: Readonly<Record<string, string>> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'application/pdf': 'pdf',
  'video/mp4': 'mp4',
  'audio/mpeg': 'mp3',
  'text/plain': 'txt',
  'application/geo+json': 'geojson',
  'application/json': 'json',
};

const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256: 64 lowercase hex digits');

const uploadedSchema = z.object({
  sha256: sha256Schema.describe('What evidence lists name the file by'),
  size: z.number().int().min(1),
  media_type: z.string(),
});

/**
 * Evidence files (DESIGN.md §5 blobs).
 *
 * Upload: signed-in members only; the raw body is streamed to disk while it is hashed and counted, bounded by
 * the blob store's limit, and must be one of EVIDENCE_MEDIA_TYPES. An RFC 9530 `Content-Digest: sha-256=:…:`
 * header, if sent, must match the bytes. 201 the first time the caller's organisation uploads these bytes, 200
 * after that. Each organisation may upload `orgQuotaBytes` in all; a file it already uploaded costs nothing
 * again, and an upload past the quota is refused (413 `evidence_quota_exceeded`) before the file is put in
 * place: by its Content-Length when a Content-Digest names bytes new to the organisation, else once hashed. The answer depends only on the caller's organisation's own uploads, never on another's, so
 * uploading a file reveals nothing about who else holds it (DESIGN.md §1.7).
 *
 * Download: a member whose organisation may read at least one statement that lists the blob as evidence, or
 * whose organisation uploaded it (its own bytes, referenced yet or not). Anyone else gets 404, exactly as for
 * a blob that does not exist. Evidence is untrusted content: it is always served as an opaque attachment that
 * a browser will neither render nor sniff, in a CSP sandbox, never cached; and every read is access-logged,
 * in the reader's organisation's log and in the log of every other organisation that uploaded the file.
 */
export const evidenceRoutes: FastifyPluginAsyncZod<{ services: AppServices }> = (app, { services }) => {
  const { maxBytes, orgQuotaBytes } = services.blobStore;

  // Encapsulated: this plugin's routes take raw evidence bytes and nothing else; the rest of the API keeps JSON.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(Object.keys(EVIDENCE_MEDIA_TYPES), (request, payload, done) => {
    // A declared length past the limit is refused before a byte is read; Fastify then closes the connection.
    if (Number(request.headers['content-length']) > maxBytes) {
      done(tooLarge(maxBytes), undefined);
      return;
    }
    done(null, payload);
  });
  app.addContentTypeParser('*', (_request, _payload, done) => {
    done(unsupportedMediaType(), undefined);
  });

  app.post(
    '/evidence',
    {
      // Documents the bound; the passthrough parser and the blob store enforce it (Fastify applies bodyLimit
      // only to bodies it buffers itself).
      bodyLimit: maxBytes,
      // Before the body is parsed, so that an anonymous upload is refused without reading it.
      onRequest: (request, reply, done) => {
        // Closed after the answer, so that Node does not read and discard the body of a refused upload.
        if (request.principal === undefined) void reply.header('connection', 'close');
        requirePrincipal(request.principal);
        done();
      },
      schema: {
        summary: 'Upload an evidence file (raw body), to list by its SHA-256 in statements',
        description: `Content-Type one of ${Object.keys(EVIDENCE_MEDIA_TYPES).join(', ')}; at most ${maxBytes} bytes. Optional RFC 9530 Content-Digest: sha-256=:<base64>:.`,
        tags: ['evidence'],
        response: {
          200: uploadedSchema.describe('This organisation had already uploaded these bytes'),
          201: uploadedSchema,
          ...problemResponses(400, 401, 403, 413, 415, 422, 429, 503),
        },
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request.principal);
      let mediaType;
      let file;
      try {
        mediaType = evidenceMediaTypeOf(request.headers['content-type']);
        const expectedSha256 = parseContentDigest(request.headers['content-digest']);
        const declaredLength = Number(request.headers['content-length']);
        if (expectedSha256 !== undefined && Number.isSafeInteger(declaredLength)) {
          // Refused before a byte is read when the client says which bytes these are and they are new to it.
          await admitWithinQuota(principal.org, { sha256: encodeHex(expectedSha256), size: declaredLength });
        }
        const body: unknown = request.body;
        if (!(body instanceof Readable)) throw unsupportedMediaType();
        // Not destroyed on an early stop: the 413 or 400 must still reach the client.
        file = await services.blobStore.writeBlob(body.iterator({ destroyOnReturn: false }), {
          ...(expectedSha256 === undefined ? {} : { expectedSha256 }),
          admit: (stored) => admitWithinQuota(principal.org, stored),
        });
      } catch (error) {
        // The client may still be sending; answer, then close rather than read and discard the rest.
        void reply.header('connection', 'close');
        throw error;
      }
      // After the file is durably in place (blob-store.ts, crash ordering): a row never names a missing file.
      // The quota is checked again, atomically, against uploads that raced this one past `admit`; the file of
      // one refused there stays in place unrecorded for this organisation, as after a crash before the row.
      const { upload, created } = await services.blobs
        .recordBlobUpload(
          {
            sha256: file.sha256,
            mediaType,
            size: file.size,
            org: principal.org,
            member: principal.member,
            uploadedAt: new Date(services.clock()),
          },
          { quotaBytes: orgQuotaBytes },
        )
        .catch(async (error: unknown) => {
          if (!isStorageError(error, 'quota_exceeded')) throw error;
          throw quotaExceeded(
            principal.org,
            orgQuotaBytes,
            await services.blobs.readEvidenceUsage(principal.org),
          );
        });
      return reply
        .status(created ? 201 : 200)
        .send({ sha256: upload.sha256, size: upload.size, media_type: upload.mediaType });
    },
  );

  app.get(
    '/evidence/:sha256',
    {
      // A HEAD would be a read without bytes; keep one way to read, and one access-log record per read.
      exposeHeadRoute: false,
      schema: {
        summary: 'Download an evidence file, if a statement you may read lists it (always as an attachment)',
        tags: ['evidence'],
        params: z.object({ sha256: sha256Schema }),
        response: { ...problemResponses(400, 404, 429, 503) },
      },
    },
    async (request, reply) => {
      const { sha256 } = request.params;
      const principal = request.principal;
      const mediaType = principal === undefined ? undefined : await findReadableMediaType(sha256, principal);
      if (principal === undefined || mediaType === undefined) {
        throw new ServerError('not_found', `no evidence ${sha256} that you may read`);
      }
      const file = await services.blobStore.openBlob(sha256);
      if (file === undefined) {
        // Recorded but not on disk: the blob tree was lost or restored without it. The reader may know it exists.
        request.log.error({ sha256 }, 'an evidence file recorded in the database is missing from disk');
        throw new ServerError('not_found', `evidence ${sha256} is missing from this server's storage`);
      }
      try {
        const read = {
          time: new Date(services.clock()),
          org: principal.org,
          member: principal.member,
          action: 'evidence.read',
          targetDigest: undefined,
          resource: sha256,
        };
        // The uploaders see who read their files (DESIGN.md §1.7): a copy of the record in each other
        // uploading organisation's log, written with the reader's in one statement.
        const uploaders = (await services.blobs.listBlobUploads(sha256))
          .map((upload) => upload.org)
          .filter((org) => org !== principal.org);
        await services.accessLog.appendAccesses([
          read,
          ...uploaders.map((ownerOrg) => ({ ...read, ownerOrg })),
        ]);
      } catch (error) {
        // No record, no read (DESIGN.md §1.7).
        file.stream.destroy();
        throw error;
      }
      return sendAttachment(reply, sha256, mediaType, file);
    },
  );

  /**
   * The media type to name a readable blob's download by, or undefined when `principal` may not read it or it
   * was never uploaded here. Both the uploader's own row and the statements are looked up either way.
   */
  async function findReadableMediaType(sha256: string, principal: Principal): Promise<string | undefined> {
    const [own, references] = await Promise.all([
      services.blobs.findBlobUpload(sha256, principal.org),
      services.blobs.listReferringStatements(sha256),
    ]);
    if (own !== undefined) return own.mediaType;
    if (!references.some((reference) => canOrgRead(reference.audience, reference.org, principal.org))) {
      return undefined;
    }
    return (await services.blobs.findBlob(sha256))?.mediaType;
  }

  /**
   * Refuses `file` if recording it would take `org` past its quota. Bytes the organisation already uploaded
   * cost nothing. Not atomic: `recordBlobUpload` checks again when it charges the upload.
   */
  async function admitWithinQuota(org: string, file: { sha256: string; size: number }): Promise<void> {
    if ((await services.blobs.findBlobUpload(file.sha256, org)) !== undefined) return;
    const used = await services.blobs.readEvidenceUsage(org);
    if (used + file.size > orgQuotaBytes) throw quotaExceeded(org, orgQuotaBytes, used);
  }

  return Promise.resolve();
};

function quotaExceeded(org: string, quotaBytes: number, usedBytes: number): ServerError {
  return new ServerError(
    'evidence_quota_exceeded',
    `${org} has used ${usedBytes} of its ${quotaBytes} bytes of evidence; this file would pass the quota`,
    { detail: { quota_bytes: quotaBytes, used_bytes: usedBytes } },
  );
}

function sendAttachment(
  reply: FastifyReply,
  sha256: string,
  mediaType: string,
  file: { readonly size: number; readonly stream: Readable },
): FastifyReply {
  const extension = EVIDENCE_MEDIA_TYPES[mediaType] ?? 'bin';
  return reply
    .type('application/octet-stream')
    .headers({
      'content-length': String(file.size),
      'content-disposition': `attachment; filename="${sha256}.${extension}"`,
      'x-content-type-options': 'nosniff',
      'content-security-policy': 'sandbox',
      'cache-control': 'private, no-store',
      // Evidence is for this site's own pages and clients, never for embedding by another origin.
      'cross-origin-resource-policy': 'same-origin',
      // RFC 9530: lets a client check the bytes without trusting the transport.
      'repr-digest': `sha-256=:${encodeBase64(decodeHex(sha256))}:`,
    })
    .send(file.stream);
}

function evidenceMediaTypeOf(header: string | undefined): string {
  const essence = (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (EVIDENCE_MEDIA_TYPES[essence] === undefined) throw unsupportedMediaType();
  return essence;
}

/**
 * The SHA-256 an RFC 9530 `Content-Digest` header claims, or undefined when it names none. Other algorithms
 * are ignored (RFC 9530 §2 lets a recipient do so); a malformed header is refused.
 */
export function parseContentDigest(header: string | string[] | undefined): Uint8Array | undefined {
  if (header === undefined) return undefined;
  const text = Array.isArray(header) ? header.join(',') : header;
  const malformed = () =>
    new ServerError('invalid_request', 'Content-Digest must be an RFC 9530 field such as sha-256=:<base64>:');
  if (text.length > 1024) throw malformed();
  let claimed: Uint8Array | undefined;
  for (const member of text.split(',')) {
    const match = /^[ \t]*([a-z][a-z0-9_-]*)=:([A-Za-z0-9+/]*={0,2}):[ \t]*$/.exec(member);
    if (match === null) throw malformed();
    if (match[1] !== 'sha-256') continue;
    if (claimed !== undefined) throw malformed();
    claimed = decodeBase64(match[2] ?? '');
    if (claimed.length !== 32) throw malformed();
  }
  return claimed;
}

function tooLarge(maxBytes: number): ServerError {
  return new ServerError('payload_too_large', `an evidence file is at most ${maxBytes} bytes`, {
    detail: { max_bytes: maxBytes },
  });
}

function unsupportedMediaType(): ServerError {
  return new ServerError(
    'unsupported_media_type',
    `an evidence file is one of ${Object.keys(EVIDENCE_MEDIA_TYPES).join(', ')}`,
  );
}
