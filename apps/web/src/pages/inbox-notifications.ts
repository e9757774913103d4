import type { Inbox } from '@jmm/client';
import type { MessageKey } from '../i18n/i18n-context.tsx';

/**
 * Browser notifications, with the member's permission (issue 10): a flash request, and any deadline within the
 * hour. Each item notifies once per tab, whatever the number of refreshes.
 */
const HOUR_MS = 3_600_000;
const notified = new Set<string>();

export function selectUrgentItems(inbox: Inbox, now: number): Inbox['items'][number][] {
  return inbox.items.filter((item) => {
    if (item.deadline === null || item.overdue) return false;
    const left = Date.parse(item.deadline) - now;
    return left >= 0 && left <= HOUR_MS;
  });
}

export function notifyUrgentItems(
  inbox: Inbox,
  t: (key: MessageKey, params?: Record<string, string | number>) => string,
): void {
  for (const item of selectUrgentItems(inbox, Date.now())) {
    const key = `${item.action}:${item.digest}`;
    if (notified.has(key)) continue;
    notified.add(key);
    new Notification(t('inbox.notify.title'), { body: item.subject ?? item.action, tag: key });
  }
}
