import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coarsenLocation, coarsenTime, coarsenTimeSpan, type PublicPrecision } from './public-disclosure.ts';

const TEN_KM: PublicPrecision = { locationMetres: 10_000, time: 'day' };

describe('coarsenLocation', () => {
  it('rounds onto a 10 km grid, keeps admin1 and drops finer names', () => {
    // Latitude steps of 10 000 / 111 320 = 0.0898311°: 34.8123 is 387.53 steps, so 388 steps = 34.854474.
    // Longitude steps as wide in metres at that latitude: 0.0898311 / cos(34.854474°) = 0.1094692°; 71.1234 is
    // 649.71 steps, so 650 steps = 71.154988.
    const coarse = coarsenLocation(
      { lat: 34.8123, lon: 71.1234, precision_m: 50, admin1: 'Kunar', admin2: 'Asadabad', sector: 'S1' },
      TEN_KM,
    );
    expect(coarse).toEqual({ lat: 34.854474, lon: 71.154988, precision_m: 10_000, admin1: 'Kunar' });
  });

  it('is idempotent and moves a point by at most about one grid cell', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -80, max: 80, noNaN: true }),
        fc.double({ min: -179, max: 179, noNaN: true }),
        fc.integer({ min: 100, max: 100_000 }),
        (lat, lon, metres) => {
          const precision = { locationMetres: metres, time: 'day' as const };
          const once = coarsenLocation({ lat, lon, precision_m: 1 }, precision);
          expect(coarsenLocation(once, precision)).toEqual(once);
          expect(Math.abs(once.lat - lat)).toBeLessThanOrEqual(metres / 111_320);
          expect(once.precision_m).toBe(metres);
        },
      ),
    );
  });
});

describe('coarsenTime', () => {
  it('rounds down to the UTC day, ISO week (Monday) or month', () => {
    expect(coarsenTime('2026-05-30T10:17:00Z', 'day')).toBe('2026-05-30T00:00:00.000Z');
    expect(coarsenTime('2026-05-30T10:17:00Z', 'week')).toBe('2026-05-25T00:00:00.000Z');
    expect(coarsenTime('2026-05-30T10:17:00Z', 'month')).toBe('2026-05-01T00:00:00.000Z');
  });

  it('never makes a time span finer than it was', () => {
    const span = { start: '2026-05-30T10:00:00Z', end: '2026-06-02T10:00:00Z', precision: 'month' as const };
    expect(coarsenTimeSpan(span, TEN_KM).precision).toBe('month');
    expect(coarsenTimeSpan({ ...span, precision: 'exact' }, TEN_KM)).toEqual({
      start: '2026-05-30T00:00:00.000Z',
      end: '2026-06-02T00:00:00.000Z',
      precision: 'day',
    });
  });
});
