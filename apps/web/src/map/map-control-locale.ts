import type { I18n } from '../i18n/i18n-context.tsx';

/** MapLibre's own control labels (its `locale` option), in the reader's language. */
export function mapControlLocale(t: I18n['t'], mapTitle: string): Record<string, string> {
  return {
    'Map.Title': mapTitle,
    'NavigationControl.ZoomIn': t('map.control.zoom_in'),
    'NavigationControl.ZoomOut': t('map.control.zoom_out'),
    'AttributionControl.ToggleAttribution': t('map.control.attribution'),
  };
}
