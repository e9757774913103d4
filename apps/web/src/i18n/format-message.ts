/**
 * A small subset of ICU MessageFormat, enough for the catalogue: `{name}` arguments and
 * `{count, plural, one {…} other {…}}` (with `#` for the number, and `=0`-style exact cases), plural categories
 * chosen by `Intl.PluralRules` for the language. Unknown arguments stay visible as `{name}` so a missing value
 * shows in the page rather than disappearing.
 */
export type MessageParams = Readonly<Record<string, string | number>>;

export function formatMessage(message: string, params: MessageParams, locale: string): string {
  let result = '';
  let index = 0;
  while (index < message.length) {
    const open = message.indexOf('{', index);
    if (open < 0) {
      result += message.slice(index);
      break;
    }
    result += message.slice(index, open);
    const close = findClosingBrace(message, open);
    if (close < 0) {
      result += message.slice(open);
      break;
    }
    result += formatArgument(message.slice(open + 1, close), params, locale);
    index = close + 1;
  }
  return result;
}

function findClosingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

function formatArgument(argument: string, params: MessageParams, locale: string): string {
  const [name = '', kind, ...rest] = argument.split(',');
  const key = name.trim();
  const value = params[key];
  if (kind === undefined) {
    if (value === undefined) return `{${key}}`;
    return typeof value === 'number' ? new Intl.NumberFormat(locale).format(value) : value;
  }
  if (kind.trim() !== 'plural' || typeof value !== 'number') return `{${argument}}`;
  const cases = parsePluralCases(rest.join(','));
  const chosen =
    cases.get(`=${value}`) ??
    cases.get(new Intl.PluralRules(locale).select(value)) ??
    cases.get('other') ??
    '';
  return formatMessage(chosen, params, locale).replaceAll('#', new Intl.NumberFormat(locale).format(value));
}

function parsePluralCases(text: string): Map<string, string> {
  const cases = new Map<string, string>();
  let index = 0;
  while (index < text.length) {
    const open = text.indexOf('{', index);
    if (open < 0) break;
    const selector = text.slice(index, open).trim();
    const close = findClosingBrace(text, open);
    if (close < 0) break;
    cases.set(selector, text.slice(open + 1, close));
    index = close + 1;
  }
  return cases;
}
