import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppServices } from '../app-services.ts';
import { requirePrincipal } from '../auth/auth-plugin.ts';
import { problemResponses } from './api-schemas.ts';
import { listInboxItems } from './inbox-items.ts';
import { currentLogTime, recordReads } from './record-reads.ts';

const inboxSchema = z.object({
  as_of: z.string().describe('The log time deadlines are judged at'),
  items: z.array(
    z.object({
      action: z.string().describe('The statement type that settles the item, e.g. exchange.ack'),
      digest: z.string().describe('The statement to refer to'),
      subject_type: z.string().describe('Its type'),
      subject: z.string().nullable().describe("An exchange's subject or a commitment's title"),
      deadline: z.string().nullable(),
      since: z.string().describe('Log time since when it has been owed'),
      overdue: z.boolean(),
    }),
  ),
});

/**
 * The signed-in member's inbox (DESIGN.md §7): what is due from their organisation and role, the nearest
 * deadline first. Computed at the current log time from the projections and the sequencer's state.
 */
export const inboxRoutes: FastifyPluginAsyncZod<{ services: AppServices }> = (app, { services }) => {
  app.get(
    '/inbox',
    {
      schema: {
        summary: "What is due from the signed-in member's organisation and role, nearest deadline first",
        tags: ['records'],
        security: [{ bearer: [] }, { session: [] }],
        response: { 200: inboxSchema, ...problemResponses(401) },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request.principal);
      const now = currentLogTime(services);
      const items = await listInboxItems(services, principal, now);
      const read = new Map(items.map((item) => [item.digest, item]));
      await recordReads(services, principal, 'inbox.read', [...read.values()]);
      return {
        as_of: now,
        items: items.map((item) => ({
          action: item.action,
          digest: item.digest,
          subject_type: item.subjectType,
          subject: item.subject ?? null,
          deadline: item.deadline ?? null,
          since: item.since,
          overdue: item.overdue,
        })),
      };
    },
  );
  return Promise.resolve();
};
