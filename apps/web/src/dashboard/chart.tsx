// The only module that imports echarts: DashboardPage loads it lazily, so echarts is a chunk of its own that
// readers of other screens never download (STACK.md). Only the bar chart and what it needs are registered.
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export interface BarChartProps {
  /** Category labels along the axis (parties). */
  readonly categories: readonly string[];
  /** One bar series per entry; null values are gaps (suppressed or undefined), never zeros. */
  readonly series: readonly { readonly name: string; readonly values: readonly (number | null)[] }[];
  /** Right-to-left layouts mirror the category axis. */
  readonly rtl: boolean;
  readonly unit: string;
}

/** A grouped bar chart, drawn as SVG. Decorative to assistive technology: the table beside it has the numbers. */
export default function BarChartView({ categories, series, rtl, unit }: BarChartProps) {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const container = element.current;
    if (container === null) return;
    const chart = echarts.init(container, null, { renderer: 'svg' });
    chart.setOption({
      aria: { enabled: false },
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 32, bottom: 32, containLabel: true },
      xAxis: { type: 'category', data: [...categories], inverse: rtl },
      yAxis: { type: 'value', name: unit, position: rtl ? 'right' : 'left' },
      series: series.map(({ name, values }) => ({ type: 'bar', name, data: [...values] })),
    });
    const resize = () => {
      chart.resize();
    };
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [categories, series, rtl, unit]);
  return <div ref={element} className="dashboard-chart" aria-hidden="true" />;
}
