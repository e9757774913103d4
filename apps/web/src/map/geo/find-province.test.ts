import { describe, expect, it } from 'vitest';
import type { ProvinceCollection } from './admin1-provinces.ts';
import { findProvince, findProvinceIn, polygonContains } from './find-province.ts';

describe('findProvince', () => {
  it('finds Khyber Pakhtunkhwa for a point in Peshawar', () => {
    expect(findProvince(71.5249, 34.0151)).toBe('PK-KP');
  });

  it('finds Kabul province for a point in Kabul', () => {
    expect(findProvince(69.1723, 34.5281)).toBe('AF-KAB');
  });

  it('finds Balochistan for Quetta and Nangarhar for Jalalabad', () => {
    expect(findProvince(66.975, 30.1798)).toBe('PK-BA');
    expect(findProvince(70.4476, 34.4265)).toBe('AF-NAN');
  });

  it('finds nothing in the Arabian Sea', () => {
    expect(findProvince(64.0, 22.0)).toBeUndefined();
  });

  it('finds nothing in a neighbouring country (Tehran)', () => {
    expect(findProvince(51.389, 35.6892)).toBeUndefined();
  });

  it('finds nothing for a point that is not a number', () => {
    expect(findProvince(Number.NaN, 34)).toBeUndefined();
  });
});

describe('findProvinceIn', () => {
  const square = (x: number, y: number, size: number) => [
    [x, y],
    [x + size, y],
    [x + size, y + size],
    [x, y + size],
    [x, y],
  ];
  const collection: ProvinceCollection = {
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        properties: { code: 'XX-RING', country: 'PK', name_en: 'Ring', name_ur: '', name_fa: '' },
        geometry: { type: 'Polygon', coordinates: [square(0, 0, 10), square(4, 4, 2)] },
      },
      {
        type: 'Feature',
        properties: { code: 'XX-ISLANDS', country: 'AF', name_en: 'Islands', name_ur: '', name_fa: '' },
        geometry: { type: 'MultiPolygon', coordinates: [[square(20, 0, 1)], [square(30, 0, 1)]] },
      },
    ],
  };

  describe('when the polygon has a hole', () => {
    it('contains a point in the ring', () => {
      expect(findProvinceIn(collection, 1, 1)).toBe('XX-RING');
    });

    it('does not contain a point in the hole', () => {
      expect(findProvinceIn(collection, 5, 5)).toBeUndefined();
    });
  });

  describe('when the unit is a MultiPolygon', () => {
    it('contains a point in any of its polygons', () => {
      expect(findProvinceIn(collection, 20.5, 0.5)).toBe('XX-ISLANDS');
      expect(findProvinceIn(collection, 30.5, 0.5)).toBe('XX-ISLANDS');
    });

    it('does not contain a point between its polygons', () => {
      expect(findProvinceIn(collection, 25, 0.5)).toBeUndefined();
    });
  });

  it('treats an empty polygon as containing nothing', () => {
    expect(polygonContains([], 0, 0)).toBe(false);
  });
});
