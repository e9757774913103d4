import { encodeBase64 } from '@jmm/core';
import {
  canOrgRead,
  computeMetrics,
  metricsResultSchema,
  PERIOD_KINDS,
  resolveMetricPeriod,
  timestampSchema,
  type MetricsResult,
} from '@jmm/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppServices } from '../app-services.ts';
import { ServerError } from '../server-error.ts';
import { base64Schema, logIntegerSchema, problemResponses } from './api-schemas.ts';

/** Results kept per tree size; a dashboard asks for a few periods per reader, and a new checkpoint clears them. */
const MAX_CACHED_RESULTS = 64;

const atSchema = z
  .string()
  .max(40)
  .transform((text, context) => {
    const instant = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text;
    if (timestampSchema.safeParse(instant).success) return instant;
    context.addIssue({ code: 'custom', message: 'a date (YYYY-MM-DD) or an RFC 3339 UTC timestamp' });
    return z.NEVER;
  })
  .describe("A date or instant in the period to report; by default the latest checkpoint's log time");

const metricsResponseSchema = z.object({
  checkpoint: z
    .object({ tree_size: logIntegerSchema, root_hash: base64Schema, log_time: z.string() })
    .describe('The checkpoint the metrics were computed at: recompute them from the same statements'),
  metrics: metricsResultSchema,
});

/**
 * The metrics of DESIGN.md §6 for the caller, as of the latest checkpoint (principle 5): a member gets them from
 * every statement their organisation may read; the public from public statements only, with small cells
 * suppressed (principle 7). A member's read that includes restricted statements goes to the access log.
 */
export const metricsRoutes: FastifyPluginAsyncZod<{ services: AppServices }> = (app, { services }) => {
  /** Per reader, period and start: the result, and whether it counted any non-public statement (access log). */
  let cached: { treeSize: bigint; results: Map<string, { metrics: MetricsResult; restricted: boolean }> } = {
    treeSize: -1n,
    results: new Map(),
  };

  app.get(
    '/metrics',
    {
      schema: {
        summary: 'Metrics per party for a period, with the previous period and the change',
        tags: ['metrics'],
        querystring: z.object({ period: z.enum(PERIOD_KINDS).default('month'), at: atSchema.optional() }),
        response: { 200: metricsResponseSchema, ...problemResponses(400, 404, 429, 503) },
      },
    },
    async (request) => {
      const checkpoint = services.engine.latestCheckpoint;
      if (checkpoint === undefined) throw new ServerError('not_found', 'the log is empty');
      const principal = request.principal;
      const readerOrg = principal?.org;
      const { period, at } = request.query;
      const start = resolveMetricPeriod(period, Date.parse(at ?? checkpoint.logTime)).start;
      const key = `${readerOrg ?? ''}/${period}/${start}`;
      if (cached.treeSize !== checkpoint.treeSize)
        cached = { treeSize: checkpoint.treeSize, results: new Map() };
      let result = cached.results.get(key);
      if (result === undefined) {
        // Read and filtered only on a miss: a dashboard's repeated reads cost no pass over the log.
        const statements = (await services.engine.readStatements(checkpoint.treeSize)).filter(
          ({ statement }) => canOrgRead(statement.audience, statement.issuer.org, readerOrg),
        );
        result = {
          metrics: computeMetrics({
            statements,
            settings: services.engine.mechanismState.settings,
            periodKind: period,
            periodAt: at,
            asOf: checkpoint.logTime,
            publicMode: principal === undefined,
          }),
          restricted: statements.some((s) => s.statement.audience.kind !== 'public'),
        };
        if (cached.results.size >= MAX_CACHED_RESULTS) cached.results.clear();
        cached.results.set(key, result);
      }
      const { metrics } = result;
      if (principal !== undefined && result.restricted) {
        await services.accessLog.appendAccess({
          time: new Date(services.clock()),
          org: principal.org,
          member: principal.member,
          action: 'metrics.read',
          targetDigest: undefined,
          resource: `metrics?period=${period}&start=${start}&tree_size=${checkpoint.treeSize}`,
        });
      }
      return {
        checkpoint: {
          tree_size: Number(checkpoint.treeSize),
          root_hash: encodeBase64(checkpoint.rootHash),
          log_time: checkpoint.logTime,
        },
        metrics,
      };
    },
  );
  return Promise.resolve();
};
