import { useI18n, type MessageKey } from '../i18n/i18n-context.tsx';
import { INCIDENT_COLOURS } from './incident-map-style.ts';

const ENTRIES: readonly { readonly key: MessageKey; readonly colour: string; readonly modifier?: string }[] =
  [
    { key: 'map.legend.allegation', colour: INCIDENT_COLOURS.allegation },
    { key: 'map.legend.observation', colour: INCIDENT_COLOURS.observation },
    { key: 'map.legend.withdrawn', colour: INCIDENT_COLOURS.withdrawn },
    { key: 'map.legend.settled', colour: INCIDENT_COLOURS.allegation, modifier: 'faint' },
    { key: 'map.legend.cluster', colour: INCIDENT_COLOURS.cluster, modifier: 'large' },
    { key: 'map.legend.selected', colour: INCIDENT_COLOURS.allegation, modifier: 'ringed' },
  ];

/** What the circles mean, in words, with swatches drawn in the same colours as the map layers. */
export function IncidentMapLegend() {
  const { t } = useI18n();
  return (
    <ul className="jmm-map__legend" aria-label={t('map.legend.label')}>
      {ENTRIES.map(({ key, colour, modifier }) => (
        <li key={key}>
          <span
            aria-hidden="true"
            className={
              modifier === undefined ? 'jmm-map__swatch' : `jmm-map__swatch jmm-map__swatch--${modifier}`
            }
            style={{ backgroundColor: colour }}
          />
          {t(key)}
        </li>
      ))}
    </ul>
  );
}
