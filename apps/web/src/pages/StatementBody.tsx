import { useJmm } from '../app/jmm-context.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { vocabularyLabel } from '../i18n/vocabulary-label.ts';

/** Body fields shown as prose rather than in the facts list. */
const PROSE = new Set(['narrative', 'text', 'summary', 'reason', 'rationale', 'description', 'note']);

/**
 * What a statement says, readably: prose fields as paragraphs, vocabulary values translated, organisations by
 * name, times in the reader's calendar and zone, and anything structured as a compact list. Nothing is dropped:
 * a field the page does not know is still shown.
 */
export function StatementBody({ body }: { type: string; body: Readonly<Record<string, unknown>> }) {
  const { t, dateTime } = useI18n();
  const { mechanism } = useJmm();
  const orgName = (id: string) => mechanism.orgs.find((org) => org.id === id)?.name;
  const render = (value: unknown): string => {
    if (typeof value === 'string') {
      if (/^\d{4}-\d{2}-\d{2}T/.test(value)) return dateTime(value);
      return orgName(value) ?? (/^[a-z_]+$/.test(value) ? vocabularyLabel(t, value) : value);
    }
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    if (Array.isArray(value)) return value.map(render).join(', ');
    if (typeof value === 'object' && value !== null)
      return Object.entries(value)
        .map(([key, inner]) => `${vocabularyLabel(t, key)}: ${render(inner)}`)
        .join('; ');
    return '';
  };
  const entries = Object.entries(body);
  return (
    <div className="statement-body">
      {entries
        .filter(([key, value]) => PROSE.has(key) && typeof value === 'string')
        .map(([key, value]) => (
          <p key={key} dir="auto" className="prose">
            {value as string}
          </p>
        ))}
      <dl className="facts">
        {entries
          .filter(
            ([key, value]) =>
              !(PROSE.has(key) && typeof value === 'string') && !(Array.isArray(value) && value.length === 0),
          )
          .map(([key, value]) => (
            <div key={key}>
              <dt>{vocabularyLabel(t, key)}</dt>
              <dd>
                {key === 'evidence' && Array.isArray(value)
                  ? t('record.evidenceCount', { count: value.length })
                  : render(value)}
              </dd>
            </div>
          ))}
      </dl>
    </div>
  );
}
