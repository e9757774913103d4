import type { LanguageCode } from '../../i18n/languages.ts';

/** ISO 3166-2 code of a first-level unit in `pak-afg-admin1.geojson`. */
export type ProvinceCode = keyof typeof PROVINCES;

interface ProvinceNames {
  readonly country: 'PK' | 'AF';
  readonly en: string;
  readonly ur: string;
  /** Dari (Persian), from the source's `name_fa`. */
  readonly fa: string;
}

/**
 * Names of Pakistan's and Afghanistan's first-level units, copied from the properties of
 * `pak-afg-admin1.geojson` (name_en, name_ur, name_fa) so that naming a province does not load 300 KB of
 * boundaries; `province-names.test.ts` holds this table to the file. The source has no Pashto names, so Pashto
 * falls back to the Dari name (most are written the same way in both) until reviewed Pashto names are added.
 */
const PROVINCES = {
  'AF-BAL': { country: 'AF', en: 'Balkh', ur: 'بلخ', fa: 'ولایت بلخ' },
  'AF-BAM': { country: 'AF', en: 'Bamyan', ur: 'بامیان', fa: 'ولایت بامیان' },
  'AF-BDG': { country: 'AF', en: 'Badghis', ur: 'صوبہ بادغیس', fa: 'ولایت بادغیس' },
  'AF-BDS': { country: 'AF', en: 'Badakhshan', ur: 'صوبہ بدخشاں', fa: 'ولایت بدخشان' },
  'AF-BGL': { country: 'AF', en: 'Baghlan', ur: 'صوبہ بغلان', fa: 'ولایت بغلان' },
  'AF-DAY': { country: 'AF', en: 'Daykundi', ur: 'صوبہ دایکنڈی', fa: 'ولایت دایکندی' },
  'AF-FRA': { country: 'AF', en: 'Farah', ur: 'صوبہ فراہ', fa: 'ولایت فراه' },
  'AF-FYB': { country: 'AF', en: 'Faryab', ur: 'صوبہ فاریاب', fa: 'ولایت فاریاب' },
  'AF-GHA': { country: 'AF', en: 'Ghazni', ur: 'صوبہ غزنی', fa: 'ولایت غزنی' },
  'AF-GHO': { country: 'AF', en: 'Ghor', ur: 'صوبہ غور', fa: 'ولایت غور' },
  'AF-HEL': { country: 'AF', en: 'Helmand', ur: 'صوبہ ہلمند', fa: 'ولایت هلمند' },
  'AF-HER': { country: 'AF', en: 'Herat', ur: 'صوبہ ہرات', fa: 'ولایت هرات' },
  'AF-JOW': { country: 'AF', en: 'Jowzjan', ur: 'صوبہ جوزجان', fa: 'ولایت جوزجان' },
  'AF-KAB': { country: 'AF', en: 'Kabul', ur: 'صوبہ کابل', fa: 'ولایت کابل' },
  'AF-KAN': { country: 'AF', en: 'Kandahar', ur: 'صوبہ قندھار', fa: 'ولایت قندهار' },
  'AF-KAP': { country: 'AF', en: 'Kapisa', ur: 'صوبہ کاپیسا', fa: 'ولایت کاپیسا' },
  'AF-KDZ': { country: 'AF', en: 'Kunduz', ur: 'صوبہ قندوز', fa: 'ولایت کندوز' },
  'AF-KHO': { country: 'AF', en: 'Khost', ur: 'صوبہ خوست', fa: 'ولایت خوست' },
  'AF-KNR': { country: 'AF', en: 'Kunar', ur: 'صوبہ کنڑ', fa: 'ولایت کنر' },
  'AF-LAG': { country: 'AF', en: 'Laghman', ur: 'لاگھمان صوبہ', fa: 'ولایت لغمان' },
  'AF-LOG': { country: 'AF', en: 'Logar', ur: 'صوبہ لوگر', fa: 'ولایت لوگر' },
  'AF-NAN': { country: 'AF', en: 'Nangarhar', ur: 'صوبہ ننگرہار', fa: 'ولایت ننگرهار' },
  'AF-NIM': { country: 'AF', en: 'Nimruz', ur: 'صوبہ نیمروز', fa: 'ولایت نیمروز' },
  'AF-NUR': { country: 'AF', en: 'Nuristan', ur: 'صوبہ نورستان', fa: 'ولایت نورستان' },
  'AF-PAN': { country: 'AF', en: 'Panjshir', ur: 'صوبہ پنجشیر', fa: 'ولایت پنجشیر' },
  'AF-PAR': { country: 'AF', en: 'Parwan', ur: 'صوبہ پروان', fa: 'ولایت پروان' },
  'AF-PIA': { country: 'AF', en: 'Paktika', ur: 'صوبہ پکتیکا', fa: 'ولایت پکتیکا' },
  'AF-PKA': { country: 'AF', en: 'Paktia', ur: 'پکتیا', fa: 'ولایت پکتیا' },
  'AF-SAM': { country: 'AF', en: 'Samangan', ur: 'صوبہ سمنگان', fa: 'ولایت سمنگان' },
  'AF-SAR': { country: 'AF', en: 'Sar-e Pol', ur: 'صوبہ سرپل', fa: 'ولایت سرپل' },
  'AF-TAK': { country: 'AF', en: 'Takhar', ur: 'صوبہ تخار', fa: 'ولایت تخار' },
  'AF-URU': { country: 'AF', en: 'Uruzgan', ur: 'اروزگان', fa: 'ولایت اروزگان' },
  'AF-WAR': { country: 'AF', en: 'Maidan Wardak', ur: 'وردک', fa: 'ولایت وردک' },
  'AF-ZAB': { country: 'AF', en: 'Zabul', ur: 'زابل پراونس', fa: 'ولایت زابل' },
  'PK-BA': { country: 'PK', en: 'Balochistan', ur: 'بلوچستان', fa: 'ایالت بلوچستان پاکستان' },
  'PK-GB': { country: 'PK', en: 'Gilgit-Baltistan', ur: 'گلگت بلتستان', fa: 'گلگت-بلتستان' },
  'PK-IS': {
    country: 'PK',
    en: 'Islamabad Capital Territory',
    ur: 'اسلام آباد',
    fa: 'ناحیه پایتختی اسلامآباد',
  },
  'PK-JK': { country: 'PK', en: 'Azad Jammu and Kashmir', ur: 'آزاد جموں کشمیر', fa: 'کشمیر آزاد' },
  'PK-KP': { country: 'PK', en: 'Khyber Pakhtunkhwa', ur: 'خیبر پختونخوا', fa: 'خیبر پختونخوا' },
  'PK-PB': { country: 'PK', en: 'Punjab', ur: 'پنجاب', fa: 'پنجاب' },
  'PK-SD': { country: 'PK', en: 'Sindh', ur: 'سندھ', fa: 'استان سند' },
} as const satisfies Record<string, ProvinceNames>;

export const PROVINCE_CODES = Object.keys(PROVINCES) as readonly ProvinceCode[];

export function isProvinceCode(code: string): code is ProvinceCode {
  return Object.hasOwn(PROVINCES, code);
}

/** The province's name in the language, or undefined for a code this table does not know. */
export function provinceName(code: string, language: LanguageCode): string | undefined {
  if (!isProvinceCode(code)) return undefined;
  const names: ProvinceNames = PROVINCES[code];
  switch (language) {
    case 'en':
      return names.en;
    case 'ur':
      return names.ur;
    case 'fa-AF':
      return names.fa;
    case 'ps':
      // No Pashto names in the source (geo/README.md): Dari is the closest script and spelling.
      return names.fa;
  }
}

export function provinceCountry(code: ProvinceCode): 'PK' | 'AF' {
  return PROVINCES[code].country;
}
