import { encodeBase64 } from '@jmm/core';
import {
  canOrgRead,
  computeAudienceMetrics,
  computeContextMetrics,
  computeMetrics,
  NEW_MEMBER_TEMPLATE,
  PUBLIC_VIEWER,
  viewerOf,
  type ReportAudience,
  type Viewer,
  METRIC_DEFINITIONS,
  metricsResultSchema,
  PERIOD_KINDS,
  REPORT_AUDIENCES,
  resolveMetricPeriod,
  startFoldMetricsContext,
  timestampSchema,
  type MetricsResult,
  type MetricsStatement,
  type PeriodKind,
} from '@jmm/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppServices } from '../app-services.ts';
import { ServerError } from '../server-error.ts';
import { base64Schema, logIntegerQuerySchema, logIntegerSchema, problemResponses } from './api-schemas.ts';

/** Results kept: a dashboard asks for a few periods per reader, a report producer for a few checkpoints. */
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
  .describe("A date or instant in the period to report; by default the checkpoint's log time");

const definitionSchema = z.object({
  what: z.string().describe('What is counted'),
  period: z.string().describe('Over which period'),
  running_total: z
    .boolean()
    .describe('Counted over every period up to the end of the reported one (a stock), not only in it'),
});

const metricsResponseSchema = z.object({
  checkpoint: z
    .object({ tree_size: logIntegerSchema, root_hash: base64Schema, log_time: z.string() })
    .describe('The checkpoint the metrics were computed at: recompute them from the same statements'),
  metrics: metricsResultSchema,
  definitions: z
    .record(z.string(), definitionSchema)
    .describe(
      'Each metric path pattern (as report values are keyed: `responses.<party>.overdue`) with its definition',
    ),
});

/** The kinds of workflow record the metrics read (metrics-context.ts). */
const METRICS_RECORD_KINDS = ['incident', 'exchange', 'case', 'finding', 'commitment'] as const;

/**
 * Whose fold gives the metrics asked for: a report audience's (the public's, or the new-member template's,
 * which is exactly the fold of public and mechanism-wide statements), else the reader's own.
 */
function foldViewerOf(audience: ReportAudience | undefined, readerOrg: string | undefined): Viewer {
  if (audience === 'public') return PUBLIC_VIEWER;
  if (audience === 'mechanism') return NEW_MEMBER_TEMPLATE;
  return viewerOf(readerOrg);
}

/** A computed answer, and whether it counted a statement the public may not read (then its read is logged). */
interface CachedMetrics {
  readonly metrics: MetricsResult;
  readonly restricted: boolean;
}

/** A checkpoint the metrics are computed at: the latest, or one from the checkpoint history. */
interface MetricsCheckpoint {
  readonly treeSize: bigint;
  readonly rootHash: Uint8Array;
  readonly logTime: string;
}

/** Metrics computed from a stored fold, with the checkpoint it was of and the start of the period reported. */
interface LatestFoldMetrics {
  readonly checkpoint: MetricsCheckpoint;
  readonly start: string;
  readonly metrics: MetricsResult;
}

/**
 * The metrics of what the organisation `readerOrg` may read (the public's when undefined, then in public mode),
 * as of the checkpoint's log time.
 */
function computeReaderMetrics(
  statements: readonly MetricsStatement[],
  query: { readerOrg: string | undefined; period: PeriodKind; at: string | undefined; asOf: string },
): CachedMetrics {
  const readable = statements.filter(({ statement }) =>
    canOrgRead(statement.audience, statement.issuer.org, query.readerOrg),
  );
  return {
    metrics: computeMetrics({
      statements: readable,
      periodKind: query.period,
      periodAt: query.at,
      asOf: query.asOf,
      publicMode: query.readerOrg === undefined,
    }),
    restricted: readable.some(({ statement }) => statement.audience.kind !== 'public'),
  };
}

/**
 * The metrics of DESIGN.md §6 for the caller, as of the latest checkpoint or of any earlier one the log
 * published (`size`), so that a report's numbers can be recomputed at the checkpoint it cites (principle 5):
 * a member gets them from every statement their organisation may read; the public from public statements
 * only, with small cells suppressed (principle 7). Settings are those in force at the checkpoint (replayed),
 * so a checkpoint's answer never changes as the log grows. A member's read that includes restricted
 * statements goes to the access log.
 *
 * With `audience`, the answer is instead what a periodic report for that audience must carry
 * (`computeAudienceMetrics`, the function `report.publish` validation runs): a report producer (`jmm report`)
 * asks here rather than downloading every envelope and recomputing, because the server already holds the
 * parsed statements at each checkpoint and this is the very computation the log will check the report against,
 * so producer and validator cannot drift apart. A `mechanism` answer counts statements every member reads, so
 * only members get it.
 */
export const metricsRoutes: FastifyPluginAsyncZod<{ services: AppServices }> = (app, { services }) => {
  /** Per checkpoint, reader, period and start: the result, and whether it counted a non-public statement. */
  const cached = new Map<string, CachedMetrics>();
  /** The computations from a stored fold under way, by the checkpoint they started at, reader, period and at. */
  const computing = new Map<string, Promise<LatestFoldMetrics | undefined>>();

  /**
   * The metrics at the latest checkpoint from the reader's fold as the sequencer stored it, read a page at a
   * time into the few facts metrics use, so the fold is never in memory whole. The snapshot names the
   * checkpoint it is of, which a commit meanwhile may have made newer than the caller saw.
   */
  function computeLatestFoldMetrics(
    period: PeriodKind,
    at: string | undefined,
    audience: ReportAudience | undefined,
    readerOrg: string | undefined,
  ): Promise<LatestFoldMetrics | undefined> {
    return services.folds.scanFoldSnapshot(
      foldViewerOf(audience, readerOrg),
      METRICS_RECORD_KINDS,
      ({ checkpoint, state }) => {
        const start = resolveMetricPeriod(period, Date.parse(at ?? checkpoint.logTime)).start;
        const input = {
          periodKind: period,
          periodAt: audience === undefined ? at : (at ?? start),
          asOf: checkpoint.logTime,
          publicMode: audience === undefined ? readerOrg === undefined : audience === 'public',
        };
        const context = startFoldMetricsContext(state, input);
        return {
          addRecord: (record) => {
            context.addRecord(record);
          },
          finish: () => ({ checkpoint, start, metrics: computeContextMetrics(context.finish(), input) }),
        };
      },
    );
  }

  /** The checkpoint of tree size `size` in the log's history, or the latest when `size` is undefined. */
  async function findCheckpoint(size: bigint | undefined): Promise<MetricsCheckpoint> {
    const latest = services.engine.latestCheckpoint;
    if (latest === undefined) throw new ServerError('not_found', 'the log is empty');
    if (size === undefined || size === latest.treeSize) return latest;
    const [row] = size > latest.treeSize ? [] : await services.cosignatures.readWitnessedHistory(size, 1);
    if (row?.treeSize !== size)
      throw new ServerError('not_found', `the log published no checkpoint of tree size ${size}`);
    return row;
  }

  app.get(
    '/metrics',
    {
      schema: {
        summary: 'Metrics per party for a period, with the previous period and the change, at a checkpoint',
        tags: ['metrics'],
        querystring: z.object({
          period: z.enum(PERIOD_KINDS).default('month'),
          at: atSchema.optional(),
          size: logIntegerQuerySchema
            .optional()
            .describe('The tree size of a published checkpoint to compute at; by default the latest'),
          audience: z
            .enum(REPORT_AUDIENCES)
            .optional()
            .describe(
              'The metrics a report for this audience carries (its values are listReportValues of them): public for anyone, mechanism for members only. By default, what the caller may read',
            ),
        }),
        response: { 200: metricsResponseSchema, ...problemResponses(400, 403, 404, 429, 503) },
      },
    },
    async (request) => {
      const { period, at, size, audience } = request.query;
      const principal = request.principal;
      if (audience === 'mechanism' && principal === undefined)
        throw new ServerError('forbidden', "a mechanism report's metrics are for the mechanism's members");
      const readerOrg = principal?.org;
      const reader = audience === undefined ? `org:${readerOrg ?? ''}` : `audience:${audience}`;
      const keyOf = (at: MetricsCheckpoint, start: string) => `${at.treeSize}/${reader}/${period}/${start}`;
      let checkpoint = await findCheckpoint(size);
      let start = resolveMetricPeriod(period, Date.parse(at ?? checkpoint.logTime)).start;
      let result = cached.get(keyOf(checkpoint, start));
      // At the latest checkpoint, from the reader's fold as the sequencer stored it (no pass over the log).
      // Readers asking the same at the same checkpoint share one computation: on a large fold it takes
      // seconds, and a dashboard's readers all ask when a checkpoint is new.
      let folded: LatestFoldMetrics | undefined;
      if (result === undefined && size === undefined) {
        const computationKey = `${checkpoint.treeSize}/${reader}/${period}/${at ?? ''}`;
        let computation = computing.get(computationKey);
        if (computation === undefined) {
          computation = computeLatestFoldMetrics(period, at, audience, readerOrg).finally(() => {
            computing.delete(computationKey);
          });
          computing.set(computationKey, computation);
        }
        folded = await computation;
      }
      if (folded !== undefined) {
        ({ checkpoint, start } = folded);
        result = {
          metrics: folded.metrics,
          restricted: audience === undefined ? readerOrg !== undefined : audience === 'mechanism',
        };
        if (cached.size >= MAX_CACHED_RESULTS) cached.clear();
        cached.set(keyOf(checkpoint, start), result);
      }
      if (result === undefined) {
        // Read only on a miss: a dashboard's repeated reads cost no pass over the log.
        const statements = await services.engine.readStatements(checkpoint.treeSize);
        result =
          audience === undefined
            ? computeReaderMetrics(statements, { readerOrg, period, at, asOf: checkpoint.logTime })
            : {
                metrics: computeAudienceMetrics({
                  statements,
                  audience,
                  periodKind: period,
                  periodAt: at ?? start,
                }),
                restricted: audience === 'mechanism',
              };
        if (cached.size >= MAX_CACHED_RESULTS) cached.clear();
        cached.set(keyOf(checkpoint, start), result);
      }
      const { metrics } = result;
      if (principal !== undefined && result.restricted) {
        await services.accessLog.appendAccess({
          time: new Date(services.clock()),
          org: principal.org,
          member: principal.member,
          action: 'metrics.read',
          targetDigest: undefined,
          resource: `metrics?period=${period}&start=${start}&tree_size=${checkpoint.treeSize}${audience === undefined ? '' : `&audience=${audience}`}`,
        });
      }
      return {
        checkpoint: {
          tree_size: Number(checkpoint.treeSize),
          root_hash: encodeBase64(checkpoint.rootHash),
          log_time: checkpoint.logTime,
        },
        metrics,
        definitions: METRIC_DEFINITIONS,
      };
    },
  );
  return Promise.resolve();
};
