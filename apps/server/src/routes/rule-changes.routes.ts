import { canOrgRead, listPartyOrgs, viewerOf, type MetricsStatement } from '@jmm/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppServices } from '../app-services.ts';
import { requirePrincipal } from '../auth/auth-plugin.ts';
import type { StoredStatement } from '@jmm/storage';
import { decodeStoredStatement } from './record-reads.ts';
import { logIntegerSchema, problemResponses } from './api-schemas.ts';

/** Rule changes listed at most, the newest first: a mechanism changes its rules a few times a year. */
const MAX_RULE_CHANGES = 500;

const ruleChangeSchema = z.object({
  digest: z.string(),
  index: logIntegerSchema,
  type: z.enum(['settings.change', 'org.admit']),
  org: z.string().describe('The proposing organisation'),
  member: z.string(),
  issued_at: z.string(),
  log_time: z.string(),
  reason: z.string(),
  patch: z
    .record(z.string(), z.unknown())
    .nullable()
    .describe('settings.change: the RFC 7396 merge patch of the settings'),
  admits: z
    .object({ id: z.string(), name: z.string(), kind: z.string() })
    .nullable()
    .describe('org.admit: the organisation to admit'),
  status: z.enum(['pending', 'in_effect']),
  effective_at: z
    .string()
    .nullable()
    .describe('Log time of the endorsement with which every party had concurred'),
  awaiting: z.array(z.string()).describe('Parties whose concurrence is still missing (pending changes)'),
  endorsements: z.array(
    z.object({
      digest: z.string(),
      org: z.string(),
      member: z.string(),
      position: z.enum(['concur', 'dissent']),
      text: z.string().nullable(),
      log_time: z.string(),
    }),
  ),
});

type RuleChange = Extract<MetricsStatement['statement'], { type: 'settings.change' | 'org.admit' }>;

/**
 * Rule changes (DESIGN.md §1.8): `settings.change` and `org.admit` statements, which take effect only when every
 * party concurs, with every endorsement the caller may read, pending or in effect — for the administration
 * screen. Signed-in members only; whether a change is pending comes from the caller organisation's own fold.
 */
export const ruleChangeRoutes: FastifyPluginAsyncZod<{ services: AppServices }> = (app, { services }) => {
  app.get(
    '/settings/changes',
    {
      schema: {
        summary: 'Rule changes (settings.change, org.admit) with their endorsements, pending or in effect',
        tags: ['mechanism'],
        security: [{ bearer: [] }, { session: [] }],
        response: {
          200: z.object({ changes: z.array(ruleChangeSchema) }),
          ...problemResponses(401),
        },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request.principal);
      const { engine } = services;
      const state = engine.viewState(viewerOf(principal.org)) ?? engine.viewState(viewerOf(undefined))!;
      // Rule changes and their endorsements are few: read by type and by reference, never the whole log.
      const readable = (stored: StoredStatement) => canOrgRead(stored.audience, stored.org, principal.org);
      const decode = (stored: StoredStatement): MetricsStatement => ({
        statement: decodeStoredStatement(stored.envelope),
        digest: stored.digest,
        index: stored.index,
        logTime: stored.logTime,
      });
      const changes = (
        await services.entries.listStatementsOfTypes(['settings.change', 'org.admit'], MAX_RULE_CHANGES)
      )
        .filter(readable)
        .reverse()
        .map(decode)
        .filter(
          (s): s is MetricsStatement & { statement: RuleChange } =>
            s.statement.type === 'settings.change' || s.statement.type === 'org.admit',
        );
      const endorsementsOf = new Map<string, MetricsStatement[]>();
      const endorsements = await services.entries.listReferringStatements(
        changes.map((change) => change.digest),
        'endorses',
      );
      for (const entry of endorsements.filter(readable).map(decode)) {
        if (entry.statement.type !== 'endorse') continue;
        for (const ref of entry.statement.refs) {
          if (ref.rel !== 'endorses') continue;
          endorsementsOf.set(ref.digest, [...(endorsementsOf.get(ref.digest) ?? []), entry]);
        }
      }
      const parties = listPartyOrgs(state);
      return {
        changes: changes.reverse().map(({ statement, digest, index, logTime }) => {
          const pending = state.pending.get(digest);
          const endorsements = (endorsementsOf.get(digest) ?? []).flatMap((entry) =>
            entry.statement.type === 'endorse'
              ? [
                  {
                    digest: entry.digest,
                    org: entry.statement.issuer.org,
                    member: entry.statement.issuer.member,
                    position: entry.statement.body.position,
                    text: entry.statement.body.text ?? null,
                    log_time: entry.logTime,
                  },
                ]
              : [],
          );
          return {
            digest,
            index: Number(index),
            type: statement.type,
            org: statement.issuer.org,
            member: statement.issuer.member,
            issued_at: statement.issued_at,
            log_time: logTime,
            reason: statement.body.reason,
            patch: statement.type === 'settings.change' ? statement.body.patch : null,
            admits:
              statement.type === 'org.admit'
                ? {
                    id: statement.body.org.id,
                    name: statement.body.org.name,
                    kind: statement.body.org.kind,
                  }
                : null,
            status: pending === undefined ? ('in_effect' as const) : ('pending' as const),
            // Endorsing a change in effect is refused, so the last endorsement is the one that completed it.
            effective_at: pending === undefined ? (endorsements.at(-1)?.log_time ?? null) : null,
            awaiting:
              pending === undefined
                ? []
                : parties.filter((party) => pending.positions.get(party) !== 'concur'),
            endorsements,
          };
        }),
      };
    },
  );
  return Promise.resolve();
};
