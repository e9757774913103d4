import { Readable } from 'node:stream';
import { decodeHex, encodeBase64 } from '@jmm/core';
import {
  canOrgRead,
  MAX_REPORT_DOCUMENT_BYTES,
  REPORT_DOCUMENT_MEDIA_TYPES,
  type ReportDocumentMediaType,
} from '@jmm/domain';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppServices } from '../app-services.ts';
import { mayPublishReports, requireReportPublisher } from '../reports/require-report-publisher.ts';
import { ServerError } from '../server-error.ts';
import { problemResponses } from './api-schemas.ts';
import { parseContentDigest } from './evidence.routes.ts';

const EXTENSIONS: Readonly<Record<ReportDocumentMediaType, string>> = {
  'text/html': 'html',
  'application/pdf': 'pdf',
};

/**
 * A rendered report is a page of our own making, but whoever uploaded it is trusted with no script on this
 * origin: it renders in a sandbox (an opaque origin, no scripts, no forms), with its inline styles and
 * embedded (data:) images and fonts only. PDFs keep the API's own policy: a sandboxed PDF does not open in
 * every browser's viewer.
 */
const HTML_DOCUMENT_POLICY =
  "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; frame-ancestors 'self'";

const UPLOAD = 'upload report documents';

/** A report document's name: the SHA-256 of its bytes, lowercase hex, as the blob store names it. */
export const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256: 64 lowercase hex digits');

const uploadedSchema = z.object({
  sha256: sha256Schema.describe('What a report.publish names the document by'),
  bytes: z.number().int().min(1),
  media_type: z.enum(REPORT_DOCUMENT_MEDIA_TYPES),
  url: z.string().describe('Where the document is served once a report lists it'),
});

/** Where a report document is served (GET /api/v1/reports rows link here). */
export function formatReportDocumentUrl(sha256: string): string {
  return `/api/v1/reports/documents/${sha256}`;
}

/**
 * Report documents (issue 8): the rendered HTML and PDF of a periodic report, content-addressed.
 *
 * Upload: members who may publish a report (STATEMENT_RULES `report.publish`: secretariat approvers and
 * admins) send the raw bytes, `text/html` or `application/pdf`, at most MAX_REPORT_DOCUMENT_BYTES, with an
 * optional RFC 9530 Content-Digest. The file goes to its own blob tree (reports/report-document-store.ts),
 * never counted as evidence; a report.publish may list it only once it is stored (the sequencer checks).
 *
 * Download: served to the audience of a report that lists it — anyone for a public report, any signed-in
 * member for a mechanism report — under the media type that report gives it, inline, and cached forever (the
 * bytes are their name). Anyone else gets 404, as for a document that does not exist. A member's read of a
 * document no public report lists goes to the access log.
 */
export const reportDocumentRoutes: FastifyPluginAsyncZod<{ services: AppServices }> = (app, { services }) => {
  const store = services.reportDocuments;
  const { reports } = services;

  // Encapsulated: this plugin's upload takes raw document bytes; the rest of the API keeps JSON.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser([...REPORT_DOCUMENT_MEDIA_TYPES], (request, payload, done) => {
    // A declared length past the limit is refused before a byte is read; Fastify then closes the connection.
    if (Number(request.headers['content-length']) > store.maxBytes) {
      done(tooLarge(store.maxBytes), undefined);
      return;
    }
    done(null, payload);
  });
  app.addContentTypeParser('*', (_request, _payload, done) => {
    done(unsupportedMediaType(), undefined);
  });

  app.post(
    '/reports/documents',
    {
      // Documents the bound; the passthrough parser and the blob store enforce it.
      bodyLimit: MAX_REPORT_DOCUMENT_BYTES,
      // Before the body is parsed, so that a caller who may not upload is refused without reading it.
      onRequest: (request, reply, done) => {
        if (request.principal === undefined || !mayPublishReports(services, request.principal))
          void reply.header('connection', 'close');
        requireReportPublisher(services, request.principal, UPLOAD);
        done();
      },
      schema: {
        summary: 'Upload a rendered report document (raw body), to list by its SHA-256 in a report.publish',
        description: `Content-Type ${REPORT_DOCUMENT_MEDIA_TYPES.join(' or ')}; at most ${MAX_REPORT_DOCUMENT_BYTES} bytes. Optional RFC 9530 Content-Digest: sha-256=:<base64>:. Secretariat approvers and admins only.`,
        tags: ['reports'],
        response: {
          201: uploadedSchema.describe('Stored (uploading the same bytes again stores nothing new)'),
          ...problemResponses(400, 401, 403, 413, 415, 429, 503),
        },
      },
    },
    async (request, reply) => {
      requireReportPublisher(services, request.principal, UPLOAD);
      let file;
      let mediaType;
      try {
        mediaType = reportMediaTypeOf(request.headers['content-type']);
        const expectedSha256 = parseContentDigest(request.headers['content-digest']);
        const body: unknown = request.body;
        if (!(body instanceof Readable)) throw unsupportedMediaType();
        // Not destroyed on an early stop: the 413 or 400 must still reach the client.
        file = await store.writeBlob(body.iterator({ destroyOnReturn: false }), {
          ...(expectedSha256 === undefined ? {} : { expectedSha256 }),
        });
      } catch (error) {
        // The client may still be sending; answer, then close rather than read and discard the rest.
        void reply.header('connection', 'close');
        throw error;
      }
      return reply.status(201).send({
        sha256: file.sha256,
        bytes: file.size,
        media_type: mediaType,
        url: formatReportDocumentUrl(file.sha256),
      });
    },
  );

  app.get(
    '/reports/documents/:sha256',
    {
      exposeHeadRoute: false,
      schema: {
        summary: "A report's rendered document, to the report's audience (public or every member)",
        tags: ['reports'],
        params: z.object({ sha256: sha256Schema }),
        response: { ...problemResponses(400, 404, 429, 503) },
      },
    },
    async (request, reply) => {
      const { sha256 } = request.params;
      const principal = request.principal;
      const readable = (await reports.findDocumentListings(sha256)).filter(({ report }) =>
        canOrgRead(report.audience, report.issuer.org, principal?.org),
      );
      const listing = readable[0];
      if (listing === undefined)
        throw new ServerError('not_found', `no report document ${sha256} you may read`);
      const file = await store.openBlob(sha256);
      if (file === undefined) {
        // Listed by a logged report, so uploaded once: the blob tree was lost or restored without it.
        request.log.error({ sha256 }, 'a report document listed in the log is missing from disk');
        throw new ServerError('not_found', `report document ${sha256} is missing from this server's storage`);
      }
      const forPublic = readable.some(({ report }) => report.audience.kind === 'public');
      if (!forPublic && principal !== undefined) {
        try {
          await services.accessLog.appendAccess({
            time: new Date(services.clock()),
            org: principal.org,
            member: principal.member,
            action: 'report.read',
            targetDigest: undefined,
            resource: `report document ${sha256}`,
          });
        } catch (error) {
          // No record, no read (DESIGN.md §1.7).
          file.stream.destroy();
          throw error;
        }
      }
      return sendDocument(reply, sha256, listing.document.media_type, forPublic, file);
    },
  );

  return Promise.resolve();
};

/** Sends a stored report document inline, as the audience of its report (or its drafter) may read it. */
export function sendDocument(
  reply: FastifyReply,
  sha256: string,
  mediaType: ReportDocumentMediaType,
  forPublic: boolean,
  file: { readonly size: number; readonly stream: Readable },
): FastifyReply {
  return reply
    .type(mediaType === 'text/html' ? 'text/html; charset=utf-8' : mediaType)
    .headers({
      'content-length': String(file.size),
      'content-disposition': `inline; filename="${sha256}.${EXTENSIONS[mediaType]}"`,
      'x-content-type-options': 'nosniff',
      // The name is the hash of the bytes: they never change. Members' documents stay out of shared caches.
      'cache-control': `${forPublic ? 'public' : 'private'}, max-age=31536000, immutable`,
      ...(forPublic ? {} : { 'cross-origin-resource-policy': 'same-origin' }),
      ...(mediaType === 'text/html' ? { 'content-security-policy': HTML_DOCUMENT_POLICY } : {}),
      // RFC 9530: lets a reader check the bytes against the digest the report carries.
      'repr-digest': `sha-256=:${encodeBase64(decodeHex(sha256))}:`,
    })
    .send(file.stream);
}

function reportMediaTypeOf(header: string | undefined): ReportDocumentMediaType {
  const essence = (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const mediaType = REPORT_DOCUMENT_MEDIA_TYPES.find((candidate) => candidate === essence);
  if (mediaType === undefined) throw unsupportedMediaType();
  return mediaType;
}

function tooLarge(maxBytes: number): ServerError {
  return new ServerError('payload_too_large', `a report document is at most ${maxBytes} bytes`, {
    detail: { max_bytes: maxBytes },
  });
}

function unsupportedMediaType(): ServerError {
  return new ServerError(
    'unsupported_media_type',
    `a report document is ${REPORT_DOCUMENT_MEDIA_TYPES.join(' or ')}`,
  );
}
