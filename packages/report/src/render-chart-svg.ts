import * as echarts from 'echarts';
import type { ReportChart } from './report-model.ts';

export const CHART_WIDTH = 520;
export const CHART_HEIGHT = 240;
export const REPORT_FONT_FAMILY = "'Noto Sans', 'DejaVu Sans', Arial, sans-serif";
/** Colour-blind-safe series colours (Okabe–Ito). */
const SERIES_COLOURS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7'];

/**
 * A bar chart as SVG, drawn by echarts' server-side renderer (no DOM, no browser) from the same model data the
 * tables show. Animation is off and the instance-specific class prefix is replaced by the chart id, so the
 * same chart gives the same bytes in any process and two charts in one page never share a CSS class.
 */
export function renderChartSvg(chart: ReportChart): string {
  const instance = echarts.init(null, null, {
    renderer: 'svg',
    ssr: true,
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
  });
  try {
    instance.setOption({
      animation: false,
      color: SERIES_COLOURS,
      textStyle: { fontFamily: REPORT_FONT_FAMILY, fontSize: 11 },
      title: { text: chart.title, left: 0, top: 0, textStyle: { fontSize: 13, fontWeight: 'bold' } },
      legend: { top: 22, left: 0, itemWidth: 12, itemHeight: 10 },
      grid: { left: 44, right: 12, top: 56, bottom: 28 },
      xAxis: { type: 'category', data: [...chart.categories] },
      yAxis: {
        type: 'value',
        minInterval: 1,
        ...(chart.unit === 'percent' ? { max: 100 } : {}),
      },
      series: chart.series.map((series) => ({
        type: 'bar',
        name: series.name,
        data: [...series.values],
        // No text halo: svg-to-pdfkit ignores paint-order and would paint the halo over the digits.
        label: { show: true, position: 'top', fontSize: 10, textBorderWidth: 0 },
      })),
    });
    // echarts numbers instances and style classes with process-wide counters: renumber them per chart.
    const classes = new Map<string, string>();
    return instance
      .renderToSVGString()
      .replace(/zr\d+-cls-\d+/g, (name) => {
        if (!classes.has(name)) classes.set(name, `${chart.id}-c${classes.size}`);
        return classes.get(name)!;
      })
      .replace(/zr\d+-/g, `${chart.id}-`);
  } finally {
    instance.dispose();
  }
}
