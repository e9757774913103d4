import { lazy, Suspense, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n-context.tsx';
import type { BarChartProps } from './chart.tsx';

const BarChartView = lazy(() => import('./chart.tsx'));

/**
 * A figure: its chart (echarts, loaded on demand), the checkpoint its numbers were computed at, and the same
 * numbers as a table for screen readers and anyone who prefers one.
 */
export function MetricFigure({
  title,
  chart,
  checkpointNote,
  table,
}: {
  title: string;
  chart: Omit<BarChartProps, 'rtl'> | undefined;
  checkpointNote: string;
  table: ReactNode;
}) {
  const i18n = useI18n();
  const t = i18n.t.bind(i18n);
  const dir = i18n.dir;
  return (
    <figure className="dashboard-figure">
      <figcaption>
        <strong>{title}</strong> <span className="dashboard-checkpoint">{checkpointNote}</span>
      </figcaption>
      {chart !== undefined && (
        <Suspense
          fallback={
            <p className="loading" role="status">
              {t('dashboard.chartLoading')}
            </p>
          }
        >
          <BarChartView {...chart} rtl={dir === 'rtl'} />
        </Suspense>
      )}
      <details open={chart === undefined}>
        <summary>{t('dashboard.showTable')}</summary>
        {table}
      </details>
    </figure>
  );
}
