import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import IncidentTimeline from './IncidentTimeline.tsx';
import { makeIncident } from './test-incidents.ts';

const i18n = vi.hoisted((): { dir: 'ltr' | 'rtl' } => ({ dir: 'ltr' }));
vi.mock('../i18n/i18n-context.tsx', async () => {
  const { createTestI18n } = await import('./test-i18n.ts');
  return { useI18n: () => createTestI18n(i18n.dir) };
});

afterEach(() => {
  cleanup();
  i18n.dir = 'ltr';
});

// Five days in March 2025: per-day buckets 1st to 5th.
const incidents = [
  makeIncident({ digest: 'a', start: '2025-03-01T10:00:00Z' }),
  makeIncident({ digest: 'b', start: '2025-03-01T12:00:00Z' }),
  makeIncident({ digest: 'c', start: '2025-03-03T08:00:00Z' }),
  makeIncident({ digest: 'd', start: '2025-03-05T20:00:00Z' }),
];

function Controlled({ onChange }: { onChange?: (range: { from: string; to: string } | undefined) => void }) {
  const [range, setRange] = useState<{ from: string; to: string } | undefined>(undefined);
  return (
    <IncidentTimeline
      incidents={incidents}
      range={range}
      onRangeChange={(next) => {
        setRange(next);
        onChange?.(next);
      }}
    />
  );
}

describe('IncidentTimeline', () => {
  it('draws one bar per day over a short span', () => {
    const { container } = render(<Controlled />);
    expect(container.querySelectorAll('.jmm-timeline__bar')).toHaveLength(5);
    expect(screen.getByText('4 incidents per day')).toBeDefined();
  });

  it('says when there is nothing to draw', () => {
    render(<IncidentTimeline incidents={[]} onRangeChange={() => undefined} />);
    expect(screen.getByText('No incidents to show on the timeline.')).toBeDefined();
  });

  describe('from the keyboard', () => {
    it('makes a one-day range with the first arrow, moves it with arrows and widens it with Shift', () => {
      const onChange = vi.fn();
      render(<Controlled onChange={onChange} />);
      const brush = screen.getByRole('slider', { name: 'Time range' });
      expect(brush.getAttribute('aria-valuetext')).toBe('All dates: no time range selected');

      fireEvent.keyDown(brush, { key: 'ArrowRight' });
      expect(onChange).toHaveBeenLastCalledWith({ from: '2025-03-01T00:00:00Z', to: '2025-03-01T23:59:59Z' });
      expect(brush.getAttribute('aria-valuetext')).toBe('2025-03-01 to 2025-03-01: 2 incidents');

      fireEvent.keyDown(brush, { key: 'ArrowRight' });
      fireEvent.keyDown(brush, { key: 'ArrowRight', shiftKey: true });
      expect(onChange).toHaveBeenLastCalledWith({ from: '2025-03-02T00:00:00Z', to: '2025-03-03T23:59:59Z' });
      expect(brush.getAttribute('aria-valuetext')).toBe('2025-03-02 to 2025-03-03: 1 incident');

      fireEvent.keyDown(brush, { key: 'End' });
      expect(onChange).toHaveBeenLastCalledWith({ from: '2025-03-04T00:00:00Z', to: '2025-03-05T23:59:59Z' });
    });

    it('clears the range with Escape', () => {
      const onChange = vi.fn();
      render(<Controlled onChange={onChange} />);
      const brush = screen.getByRole('slider');
      fireEvent.keyDown(brush, { key: 'ArrowRight' });
      fireEvent.keyDown(brush, { key: 'Escape' });
      expect(onChange).toHaveBeenLastCalledWith(undefined);
    });

    describe('in a right-to-left language', () => {
      it('moves later with the left arrow, as time runs right to left', () => {
        i18n.dir = 'rtl';
        const onChange = vi.fn();
        render(<Controlled onChange={onChange} />);
        const brush = screen.getByRole('slider');
        fireEvent.keyDown(brush, { key: 'ArrowLeft' });
        fireEvent.keyDown(brush, { key: 'ArrowLeft' });
        expect(onChange).toHaveBeenLastCalledWith({
          from: '2025-03-02T00:00:00Z',
          to: '2025-03-02T23:59:59Z',
        });
      });
    });
  });

  describe('with the pointer', () => {
    // jsdom has no PointerEvent; a MouseEvent carries the fields the brush reads (button, clientX).
    if (typeof window.PointerEvent === 'undefined') {
      Object.defineProperty(window, 'PointerEvent', { value: class extends MouseEvent {} });
    }
    it('selects the days dragged across', () => {
      const onChange = vi.fn();
      const { container } = render(<Controlled onChange={onChange} />);
      const svg = container.querySelector('svg')!;
      svg.getBoundingClientRect = () => ({ left: 0, width: 500, top: 0, height: 50 }) as DOMRect;
      const brush = screen.getByRole('slider');
      brush.setPointerCapture = () => undefined;
      // 500 px for five days: 100 px a day.
      fireEvent.pointerDown(brush, { button: 0, clientX: 150, pointerId: 1 });
      fireEvent.pointerMove(brush, { clientX: 350, pointerId: 1 });
      fireEvent.pointerUp(brush, { clientX: 350, pointerId: 1 });
      expect(onChange).toHaveBeenLastCalledWith({ from: '2025-03-02T00:00:00Z', to: '2025-03-04T23:59:59Z' });
    });
  });

  it('clears the range with the clear button', () => {
    const onChange = vi.fn();
    render(<Controlled onChange={onChange} />);
    const clear = screen.getByRole('button', { name: 'Show all dates' });
    expect((clear as HTMLButtonElement).disabled).toBe(true);
    fireEvent.keyDown(screen.getByRole('slider'), { key: 'ArrowRight' });
    fireEvent.click(clear);
    expect(onChange).toHaveBeenLastCalledWith(undefined);
  });
});
