/**
 * The pure arithmetic of the incident timeline: bucketing instants into UTC days or ISO weeks, mapping time to
 * pixels in either writing direction, and moving a brushed range in whole buckets. Instants are milliseconds
 * since the epoch; a range is half-open, [from, to).
 */
export type BucketUnit = 'day' | 'week';

export interface TimeBucket {
  /** First instant of the bucket (UTC midnight; a Monday for weeks). */
  readonly start: number;
  /** First instant after the bucket. */
  readonly end: number;
  readonly count: number;
}

export interface TimeRange {
  readonly from: number;
  readonly to: number;
}

export type TimeDirection = 'ltr' | 'rtl';

export const DAY_MS = 86_400_000;
export const WEEK_MS = 7 * DAY_MS;
/** A span up to this long is shown per day; longer, per week (about 9–60 bars either side of the switch). */
export const DAILY_SPAN_LIMIT_MS = 60 * DAY_MS;
/** 1970-01-01 was a Thursday: ISO weeks start on the Monday four days later. */
const FIRST_MONDAY_MS = 4 * DAY_MS;

export function unitLength(unit: BucketUnit): number {
  switch (unit) {
    case 'day':
      return DAY_MS;
    case 'week':
      return WEEK_MS;
  }
}

export function chooseBucketUnit(first: number, last: number): BucketUnit {
  return last - first <= DAILY_SPAN_LIMIT_MS ? 'day' : 'week';
}

/** The start of the UTC day, or of the ISO week (Monday 00:00 UTC), containing the instant. */
export function floorToUnit(instant: number, unit: BucketUnit): number {
  switch (unit) {
    case 'day':
      return Math.floor(instant / DAY_MS) * DAY_MS;
    case 'week':
      return Math.floor((instant - FIRST_MONDAY_MS) / WEEK_MS) * WEEK_MS + FIRST_MONDAY_MS;
  }
}

export interface Histogram {
  readonly unit: BucketUnit;
  /** Consecutive buckets from the first instant's to the last's, empty ones included; none for no instants. */
  readonly buckets: readonly TimeBucket[];
}

/** Counts instants per bucket; instants that are not finite numbers (an unparsable date) are left out. */
export function bucketInstants(instants: readonly number[], unit?: BucketUnit): Histogram {
  const finite = instants.filter(Number.isFinite);
  if (finite.length === 0) return { unit: unit ?? 'day', buckets: [] };
  const first = Math.min(...finite);
  const last = Math.max(...finite);
  const chosen = unit ?? chooseBucketUnit(first, last);
  const length = unitLength(chosen);
  const origin = floorToUnit(first, chosen);
  const counts = new Array<number>(Math.floor((floorToUnit(last, chosen) - origin) / length) + 1).fill(0);
  for (const instant of finite) {
    const index = Math.floor((floorToUnit(instant, chosen) - origin) / length);
    counts[index] = (counts[index] ?? 0) + 1;
  }
  return {
    unit: chosen,
    buckets: counts.map((count, index) => ({
      start: origin + index * length,
      end: origin + (index + 1) * length,
      count,
    })),
  };
}

export interface TimeScale {
  /** Pixel position of an instant, clamped to the domain; later is further right in ltr, further left in rtl. */
  toPixel(instant: number): number;
  /** Instant at a pixel position, clamped to the domain. */
  toInstant(pixel: number): number;
}

export function createTimeScale(domain: TimeRange, width: number, direction: TimeDirection): TimeScale {
  const span = Math.max(domain.to - domain.from, 1);
  const clampInstant = (instant: number) => Math.min(Math.max(instant, domain.from), domain.to);
  const clampPixel = (pixel: number) => Math.min(Math.max(pixel, 0), width);
  return {
    toPixel(instant) {
      const offset = ((clampInstant(instant) - domain.from) / span) * width;
      return direction === 'ltr' ? offset : width - offset;
    },
    toInstant(pixel) {
      const offset = direction === 'ltr' ? clampPixel(pixel) : width - clampPixel(pixel);
      return domain.from + (offset / width) * span;
    },
  };
}

/** The whole buckets covering both instants (a brush from one to the other, in either order), within the domain. */
export function snapRange(a: number, b: number, unit: BucketUnit, domain: TimeRange): TimeRange {
  const from = floorToUnit(Math.min(a, b), unit);
  const lastStart = floorToUnit(Math.min(Math.max(a, b), domain.to - 1), unit);
  return clampRange({ from, to: Math.max(lastStart, from) + unitLength(unit) }, domain);
}

/** Shifts the range by whole buckets (negative is earlier), keeping its length and staying inside the domain. */
export function moveRange(range: TimeRange, steps: number, unit: BucketUnit, domain: TimeRange): TimeRange {
  const length = Math.min(range.to - range.from, domain.to - domain.from);
  const from = Math.min(Math.max(range.from + steps * unitLength(unit), domain.from), domain.to - length);
  return { from, to: from + length };
}

/** Moves the range's end by whole buckets, keeping at least one bucket and staying inside the domain. */
export function resizeRange(range: TimeRange, steps: number, unit: BucketUnit, domain: TimeRange): TimeRange {
  const shortest = Math.min(range.from + unitLength(unit), domain.to);
  const to = Math.max(Math.min(range.to + steps * unitLength(unit), domain.to), shortest);
  return { from: range.from, to };
}

export function clampRange(range: TimeRange, domain: TimeRange): TimeRange {
  const from = Math.min(Math.max(range.from, domain.from), domain.to);
  const to = Math.min(Math.max(range.to, from), domain.to);
  return { from, to };
}

/**
 * The brushed range as the app passes it around: RFC 3339 UTC strings, both ends inclusive, at whole seconds
 * (`to` is the last second of the last bucket). Whole seconds keep the page's string comparison with incident
 * timestamps (`2025-03-01T10:00:00Z`) exact.
 */
export interface IsoRange {
  readonly from: string;
  readonly to: string;
}

export function formatRange(range: TimeRange): IsoRange {
  return { from: formatInstant(range.from), to: formatInstant(range.to - 1000) };
}

/** The half-open range an IsoRange stands for; undefined when either end is not a timestamp. */
export function parseRange(range: IsoRange | undefined): TimeRange | undefined {
  if (range === undefined) return undefined;
  const from = Date.parse(range.from);
  const to = Date.parse(range.to);
  if (!Number.isFinite(from) || !Number.isFinite(to) || to < from) return undefined;
  return { from, to: to + 1000 };
}

function formatInstant(instant: number): string {
  return new Date(Math.floor(instant / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
