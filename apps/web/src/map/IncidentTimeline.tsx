/**
 * Incidents per day or week over their time span, with a brush that narrows the map and list to a time range
 * (as Forensic Architecture's TimeMap does). Pointer: drag across the bars. Keyboard: the plot is one focusable
 * slider — arrows move the range a bucket at a time, Shift+arrows move its end, Home/End jump, Escape clears.
 * In right-to-left languages time runs from right to left, and the arrow keys follow what the reader sees.
 */
import type { IncidentListItem } from '@jmm/client';
import { useId, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { useI18n, type MessageKey } from '../i18n/i18n-context.tsx';
import {
  bucketInstants,
  createTimeScale,
  formatRange,
  moveRange,
  parseRange,
  resizeRange,
  snapRange,
  unitLength,
  type BucketUnit,
  type IsoRange,
  type TimeRange,
} from './timeline-scale.ts';
import './map.css';

export interface IncidentTimelineProps {
  readonly incidents: readonly IncidentListItem[];
  readonly range?: IsoRange | undefined;
  readonly onRangeChange: (range: IsoRange | undefined) => void;
}

/** The SVG's own coordinate space; it stretches to the container's width. */
const WIDTH = 1000;
const HEIGHT = 100;
const BAR_GAP = 1;

const TITLES = {
  day: 'map.timeline.title_day',
  week: 'map.timeline.title_week',
} as const satisfies Record<BucketUnit, MessageKey>;

export default function IncidentTimeline({ incidents, range, onRangeChange }: IncidentTimelineProps) {
  const { t, dir, date } = useI18n();
  const hintId = useId();
  const svgRef = useRef<SVGSVGElement>(null);
  const [drag, setDrag] = useState<{ readonly anchor: number; readonly range: TimeRange } | undefined>(
    undefined,
  );

  const histogram = useMemo(
    () => bucketInstants(incidents.map((i) => Date.parse(i.time.start))),
    [incidents],
  );
  const first = histogram.buckets[0];
  const last = histogram.buckets.at(-1);
  if (first === undefined || last === undefined) {
    return (
      <figure className="jmm-timeline">
        <figcaption className="jmm-timeline__caption">{t('map.timeline.empty')}</figcaption>
      </figure>
    );
  }

  const { unit, buckets } = histogram;
  const domain: TimeRange = { from: first.start, to: last.end };
  const scale = createTimeScale(domain, WIDTH, dir);
  const parsed = parseRange(range);
  const shown =
    drag?.range ?? (parsed === undefined ? undefined : snapRange(parsed.from, parsed.to - 1, unit, domain));
  const maxCount = Math.max(...buckets.map((bucket) => bucket.count), 1);
  const countIn = (r: TimeRange) =>
    buckets.filter((b) => b.start >= r.from && b.end <= r.to).reduce((sum, b) => sum + b.count, 0);
  const words = (r: TimeRange | undefined) => {
    if (r === undefined) return t('map.timeline.no_range');
    const iso = formatRange(r);
    return t('map.timeline.range', { from: date(iso.from), to: date(iso.to), count: countIn(r) });
  };

  const instantAt = (clientX: number) => {
    const box = svgRef.current?.getBoundingClientRect();
    if (box === undefined || box.width === 0) return domain.from;
    return scale.toInstant(((clientX - box.left) / box.width) * WIDTH);
  };
  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (event.button !== 0) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    const anchor = instantAt(event.clientX);
    setDrag({ anchor, range: snapRange(anchor, anchor, unit, domain) });
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    if (drag === undefined) return;
    setDrag({ anchor: drag.anchor, range: snapRange(drag.anchor, instantAt(event.clientX), unit, domain) });
  };
  const onPointerUp = () => {
    if (drag === undefined) return;
    setDrag(undefined);
    onRangeChange(formatRange(drag.range));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape') {
      if (shown === undefined) return;
      event.preventDefault();
      onRangeChange(undefined);
      return;
    }
    const later = dir === 'ltr' ? 'ArrowRight' : 'ArrowLeft';
    const earlier = dir === 'ltr' ? 'ArrowLeft' : 'ArrowRight';
    const steps = { [later]: 1, [earlier]: -1, ArrowUp: 1, ArrowDown: -1 }[event.key];
    let next: TimeRange | undefined;
    if (event.key === 'Home' || event.key === 'End') {
      const length = shown === undefined ? unitLength(unit) : shown.to - shown.from;
      next =
        event.key === 'Home'
          ? { from: domain.from, to: domain.from + length }
          : { from: domain.to - length, to: domain.to };
    } else if (steps !== undefined && shown === undefined) {
      // The first arrow press makes a one-bucket range at the end the reader is moving from.
      const start = steps > 0 ? domain.from : domain.to - unitLength(unit);
      next = { from: start, to: start + unitLength(unit) };
    } else if (steps !== undefined && shown !== undefined) {
      next = event.shiftKey ? resizeRange(shown, steps, unit, domain) : moveRange(shown, steps, unit, domain);
    }
    if (next === undefined) return;
    event.preventDefault();
    onRangeChange(formatRange(next));
  };

  const brushStart = shown === undefined ? 0 : scale.toPixel(shown.from);
  const brushEnd = shown === undefined ? 0 : scale.toPixel(shown.to);
  const bucketIndex = shown === undefined ? 0 : Math.round((shown.from - domain.from) / unitLength(unit));

  return (
    <figure className="jmm-timeline">
      <figcaption className="jmm-timeline__caption">
        {t(TITLES[unit], { count: incidents.length })}
      </figcaption>
      <div
        className="jmm-timeline__plot"
        role="slider"
        tabIndex={0}
        aria-label={t('map.timeline.brush_label')}
        aria-describedby={hintId}
        aria-orientation="horizontal"
        aria-valuemin={0}
        aria-valuemax={buckets.length - 1}
        aria-valuenow={bucketIndex}
        aria-valuetext={words(shown)}
        onKeyDown={onKeyDown}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={() => setDrag(undefined)}
      >
        <svg ref={svgRef} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} preserveAspectRatio="none" aria-hidden="true">
          {buckets.map((bucket) => {
            const x0 = scale.toPixel(bucket.start);
            const x1 = scale.toPixel(bucket.end);
            const height = (bucket.count / maxCount) * (HEIGHT - 2);
            const inRange = shown !== undefined && bucket.start >= shown.from && bucket.end <= shown.to;
            return (
              <rect
                key={bucket.start}
                className={inRange ? 'jmm-timeline__bar jmm-timeline__bar--in-range' : 'jmm-timeline__bar'}
                x={Math.min(x0, x1) + BAR_GAP / 2}
                y={HEIGHT - height}
                width={Math.max(Math.abs(x1 - x0) - BAR_GAP, 0.5)}
                height={height}
              />
            );
          })}
          {shown !== undefined && (
            <rect
              className="jmm-timeline__brush"
              x={Math.min(brushStart, brushEnd)}
              y={0}
              width={Math.abs(brushEnd - brushStart)}
              height={HEIGHT}
              vectorEffect="non-scaling-stroke"
            />
          )}
        </svg>
      </div>
      <div className="jmm-timeline__axis" aria-hidden="true">
        <span>{date(formatRange(domain).from)}</span>
        <span>{date(formatRange(domain).to)}</span>
      </div>
      <div className="jmm-timeline__controls">
        <span className="jmm-timeline__range">{words(shown)}</span>
        <button type="button" disabled={range === undefined} onClick={() => onRangeChange(undefined)}>
          {t('map.timeline.clear')}
        </button>
        <span id={hintId} className="jmm-map__list-hint">
          {t('map.timeline.hint')}
        </span>
      </div>
    </figure>
  );
}
