import { describe, expect, it } from 'vitest';
import { ADMIN1_PROVINCES } from './admin1-provinces.ts';
import { PROVINCE_CODES, isProvinceCode, provinceCountry, provinceName } from './province-names.ts';

describe('provinceName', () => {
  it('holds exactly the units of pak-afg-admin1.geojson, with the names it carries', () => {
    const features = ADMIN1_PROVINCES.features.map((feature) => feature.properties);
    expect([...PROVINCE_CODES].sort()).toEqual(features.map((p) => p.code).sort());
    for (const properties of features) {
      expect(provinceName(properties.code, 'en')).toBe(properties.name_en);
      expect(provinceName(properties.code, 'ur')).toBe(properties.name_ur);
      expect(provinceName(properties.code, 'fa-AF')).toBe(properties.name_fa);
      expect(isProvinceCode(properties.code) && provinceCountry(properties.code)).toBe(properties.country);
    }
  });

  describe('in Pashto, which the source does not name', () => {
    it('falls back to the Dari name', () => {
      expect(provinceName('AF-KAB', 'ps')).toBe(provinceName('AF-KAB', 'fa-AF'));
    });
  });

  it('returns undefined for an unknown code', () => {
    expect(provinceName('PK-XX', 'en')).toBeUndefined();
    expect(provinceName('toString', 'en')).toBeUndefined();
  });
});
