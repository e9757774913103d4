import {
  ACLED_EVENT_TYPES,
  INCIDENT_STATUSES,
  MECHANISM_TYPES,
  orgIdSchema,
  timestampSchema,
  type AcledEventType,
} from '@jmm/domain';
import { MAX_RECORDS_PER_PAGE, RECORD_SORTS, type IncidentFilter } from '@jmm/storage';
import { z } from 'zod';

/**
 * Query-string parameters of the record lists. Every parameter is bounded and parsed strictly (unknown
 * parameters are refused, so a misspelt filter is a 400, not a silently unfiltered list).
 */

/** Records per page: 1 to 200, default 50. */
export const DEFAULT_RECORDS_PER_PAGE = 50;

export const pagingQuery = {
  limit: z
    .string()
    .regex(/^[1-9]\d{0,2}$/, 'a positive integer')
    .transform(Number)
    .pipe(z.number().max(MAX_RECORDS_PER_PAGE))
    .optional()
    .describe(`Records per page, 1 to ${MAX_RECORDS_PER_PAGE} (default ${DEFAULT_RECORDS_PER_PAGE})`),
  cursor: z
    .string()
    .max(256)
    .regex(/^[A-Za-z0-9_-]+$/, 'a cursor from `next_cursor`')
    .optional()
    .describe('`next_cursor` of the previous page, with the same filters and sort'),
  sort: z
    .enum(RECORD_SORTS)
    .optional()
    .describe('newest/oldest by log index (default newest), or time_desc/time_asc by when it happened'),
};

/** A comma-separated set of enum values, e.g. `status=reported,responded`. */
export function enumSetQuery<const T extends readonly [string, ...string[]]>(values: T) {
  return z
    .string()
    .max(200)
    .transform((text) => text.split(','))
    .pipe(z.array(z.enum(values)).min(1).max(values.length))
    .optional()
    .describe(`One or more of ${values.join(', ')}, comma-separated`);
}

export const orgQuery = orgIdSchema.optional();

const decimal = /^-?\d{1,3}(\.\d{1,9})?$/;

/** `west,south,east,north` in WGS84 degrees (RFC 7946 §5); west > east crosses the antimeridian. */
export const bboxQuery = z
  .string()
  .max(100)
  .refine((text) => text.split(',').length === 4 && text.split(',').every((n) => decimal.test(n)), {
    error: 'bbox is west,south,east,north in decimal degrees',
  })
  .transform((text) => text.split(',').map(Number))
  .pipe(
    z
      .tuple([
        z.number().min(-180).max(180),
        z.number().min(-90).max(90),
        z.number().min(-180).max(180),
        z.number().min(-90).max(90),
      ])
      .refine(([, south, , north]) => south <= north, { error: 'bbox south must not exceed north' }),
  )
  .transform(([west, south, east, north]) => ({ west, south, east, north }))
  .optional()
  .describe('west,south,east,north in WGS84 degrees');

export const incidentListQuery = z
  .strictObject({
    ...pagingQuery,
    status: enumSetQuery(INCIDENT_STATUSES),
    reporter: orgQuery.describe('The reporting organisation'),
    party: orgQuery.describe('The party alleged responsible'),
    kind: z.enum(['allegation', 'observation']).optional(),
    mechanism_type: z.enum(MECHANISM_TYPES).optional(),
    event_type: z
      .enum(Object.keys(ACLED_EVENT_TYPES) as [AcledEventType, ...AcledEventType[]])
      .optional()
      .describe('ACLED event type'),
    admin1: z.string().min(1).max(100).optional(),
    from: timestampSchema.optional().describe('Incidents whose time span ends at or after this'),
    to: timestampSchema.optional().describe('Incidents whose time span starts at or before this'),
    bbox: bboxQuery,
  })
  .refine(
    (query) =>
      query.from === undefined || query.to === undefined || Date.parse(query.from) <= Date.parse(query.to),
    {
      error: '`from` is after `to`',
      path: ['from'],
    },
  );

export const exchangeListQuery = z.strictObject({
  ...pagingQuery,
  status: enumSetQuery(['sent', 'acknowledged', 'replied', 'closed']),
  requester: orgQuery.describe('The requesting organisation'),
  recipient: orgQuery.describe('A recipient organisation'),
  overdue: z
    .enum(['true', 'false'])
    .transform((text) => text === 'true')
    .optional()
    .describe('Exchanges with (true) or without (false) an obligation past its deadline now, in log time'),
});

export const caseListQuery = z.strictObject({
  ...pagingQuery,
  status: enumSetQuery(['declined', 'open', 'finding_final']),
});

export const findingListQuery = z.strictObject({
  ...pagingQuery,
  status: enumSetQuery(['draft', 'final']),
  case: z
    .string()
    .regex(/^sha256:[0-9a-f]{64}$/, 'a statement digest')
    .optional()
    .describe('The case'),
  attributed: orgQuery.describe('The party the finding attributes the event to'),
});

export const commitmentListQuery = z.strictObject({
  ...pagingQuery,
  status: enumSetQuery(['proposed', 'in_force', 'withdrawn']),
  obligated: orgQuery.describe('An obligated party'),
});

/** The storage filter a `GET /incidents` query asks for; the list and the exports read incidents alike. */
export function incidentFilterOf(query: z.infer<typeof incidentListQuery>): IncidentFilter {
  return {
    status: query.status,
    org: query.reporter,
    allegedParty: query.party,
    incidentKind: query.kind,
    mechanismType: query.mechanism_type,
    eventType: query.event_type,
    admin1: query.admin1,
    period: { from: query.from, to: query.to },
    bbox: query.bbox,
  };
}
