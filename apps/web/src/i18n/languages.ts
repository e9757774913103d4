/** The languages of the web app (issue 10, DESIGN.md §7): English, Urdu, Pashto and Dari, three written right to left. */
export const LANGUAGES = [
  { code: 'en', name: 'English', dir: 'ltr' },
  { code: 'ur', name: 'اردو', dir: 'rtl' },
  { code: 'ps', name: 'پښتو', dir: 'rtl' },
  { code: 'fa-AF', name: 'دری', dir: 'rtl' },
] as const;

export type LanguageCode = (typeof LANGUAGES)[number]['code'];
export type TextDirection = 'ltr' | 'rtl';

export function isLanguageCode(value: string): value is LanguageCode {
  return LANGUAGES.some((language) => language.code === value);
}

export function directionOf(code: LanguageCode): TextDirection {
  return LANGUAGES.find((language) => language.code === code)?.dir ?? 'ltr';
}
