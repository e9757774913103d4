import type { Settings } from './settings.ts';
import type { ExchangePriority } from './statements/exchange.ts';
import type { ExchangeRecord } from './workflow-records.ts';

const HOUR_MS = 3600 * 1000;
/** A request may shorten its deadlines to one hour or stretch them to four times the settings' default. */
const MIN_DEADLINE_MS = HOUR_MS;
const MAX_DEADLINE_FACTOR = 4;

export interface ExchangeDeadlines {
  readonly acknowledgeBy: string;
  readonly respondBy: string;
}

export type DeadlineProblem =
  'acknowledge_by_out_of_bounds' | 'respond_by_out_of_bounds' | 'respond_before_acknowledge';

/**
 * The deadlines of a request sent at `sentAt` (log time): the settings' defaults for its priority, or the
 * request's own within bounds. Returns the problem instead when an override is out of bounds.
 */
export function computeExchangeDeadlines(
  settings: Settings,
  priority: ExchangePriority,
  sentAt: string,
  overrides: { readonly acknowledge_by?: string | undefined; readonly respond_by?: string | undefined },
): ExchangeDeadlines | DeadlineProblem {
  const sent = Date.parse(sentAt);
  const defaults = settings.deadlines[priority];
  const resolve = (override: string | undefined, defaultHours: number): number | undefined => {
    if (override === undefined) return sent + defaultHours * HOUR_MS;
    const at = Date.parse(override);
    return at - sent >= MIN_DEADLINE_MS && at - sent <= MAX_DEADLINE_FACTOR * defaultHours * HOUR_MS
      ? at
      : undefined;
  };
  const acknowledge = resolve(overrides.acknowledge_by, defaults.acknowledge_hours);
  if (acknowledge === undefined) return 'acknowledge_by_out_of_bounds';
  const respond = resolve(overrides.respond_by, defaults.respond_hours);
  if (respond === undefined) return 'respond_by_out_of_bounds';
  if (respond < acknowledge) return 'respond_before_acknowledge';
  return { acknowledgeBy: new Date(acknowledge).toISOString(), respondBy: new Date(respond).toISOString() };
}

/** What `org` still owes on an exchange at log time `now`, and whether it is late. */
export interface ExchangeObligation {
  readonly org: string;
  readonly due: 'acknowledge' | 'reply';
  readonly deadline: string;
  readonly overdue: boolean;
}

/**
 * Open obligations of each recipient at `now` (log time): an acknowledgement until one is sent, then a reply
 * (notifications need no reply). A closed exchange owes nothing. Overdue means the deadline passed in log time.
 */
export function listExchangeObligations(record: ExchangeRecord, now: string): ExchangeObligation[] {
  if (record.closed !== undefined) return [];
  const obligations: ExchangeObligation[] = [];
  for (const org of record.recipients) {
    const replied = record.replies.some((reply) => reply.org === org);
    const acknowledged = replied || record.acks.some((ack) => ack.org === org);
    if (!acknowledged)
      obligations.push({
        org,
        due: 'acknowledge',
        deadline: record.acknowledgeBy,
        overdue: now > record.acknowledgeBy,
      });
    if (!replied && record.requestKind !== 'notification') {
      obligations.push({ org, due: 'reply', deadline: record.respondBy, overdue: now > record.respondBy });
    }
  }
  return obligations;
}
