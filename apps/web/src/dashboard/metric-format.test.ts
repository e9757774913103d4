import { describe, expect, it } from 'vitest';
import { chartValue, formatMetricChange, formatMetricValue, unitOfMetric } from './metric-format.ts';

const words = { suppressed: 'suppressed', none: '—' };
const cell = (value: number | null, previous: number | null) => ({
  value,
  previous,
  change: value === null || previous === null ? null : value - previous,
  relative_change: null,
  suppressed: false,
  previous_suppressed: false,
});

describe('unitOfMetric', () => {
  it('reads the unit from the metric name', () => {
    expect(unitOfMetric('acknowledged_on_time_share')).toBe('share');
    expect(unitOfMetric('hours_to_reply_p90')).toBe('hours');
    expect(unitOfMetric('days_to_final_finding_median')).toBe('days');
    expect(unitOfMetric('overdue_replies')).toBe('count');
  });
});

describe('formatMetricValue', () => {
  it('shows a suppressed value as suppressed, never as a number', () => {
    expect(formatMetricValue(null, true, 'count', 'en', words)).toBe('suppressed');
  });
  it('shows a share as a percentage', () => {
    expect(formatMetricValue(0.755, false, 'share', 'en', words)).toBe('75.5%');
  });
  it('shows an undefined value as none', () => {
    expect(formatMetricValue(null, false, 'hours', 'en', words)).toBe('—');
  });
});

describe('formatMetricChange', () => {
  it('gives a share’s change in percentage points, signed', () => {
    expect(formatMetricChange(cell(0.5, 0.25), 'share', 'en', '—')).toBe('+25 pp');
    expect(formatMetricChange(cell(2, 5), 'count', 'en', '—')).toBe('-3');
  });
});

describe('chartValue', () => {
  it('leaves a gap for suppressed values', () => {
    expect(chartValue(3, true, 'count')).toBeNull();
    expect(chartValue(0.5, false, 'share')).toBe(50);
  });
});
