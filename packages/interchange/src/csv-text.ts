/**
 * RFC 4180 CSV: CRLF line ends, fields quoted when they hold a comma, a quote, CR or LF, quotes doubled.
 * Text is UTF-8 without a byte-order mark (a leading BOM is tolerated when parsing, as spreadsheets add one).
 */

/** A field needs quotes when it holds a delimiter, a quote or a line break (RFC 4180 §2.6). */
const NEEDS_QUOTES = /[",\r\n]/;

export function formatCsvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function formatCsvRecord(fields: readonly string[]): string {
  return `${fields.map(formatCsvField).join(',')}\r\n`;
}

export interface CsvRecord {
  /** The 1-based line the record starts on, as a spreadsheet or editor numbers it. */
  readonly line: number;
  readonly fields: string[];
}

export interface CsvProblem {
  readonly line: number;
  readonly column?: string;
  readonly message: string;
}

/**
 * Splits CSV text into records. Accepts CRLF or LF line ends and a final record without one. A quote inside
 * an unquoted field, or text after a closing quote, is a problem of its record (RFC 4180 §2.5–2.7); an
 * unterminated quoted field is a problem at the line it opened on. Empty lines are skipped.
 */
export function parseCsvRecords(text: string): { records: CsvRecord[]; problems: CsvProblem[] } {
  const records: CsvRecord[] = [];
  const problems: CsvProblem[] = [];
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  let line = 1;
  let position = 0;
  while (position < source.length) {
    const start = line;
    const fields: string[] = [];
    let field = '';
    let broken: string | undefined;
    let endOfRecord = false;
    while (!endOfRecord) {
      const quoted = source[position] === '"';
      if (quoted) {
        // A quoted field: runs to the next quote not doubled.
        position++;
        let closed = false;
        while (position < source.length) {
          const char = source[position]!;
          if (char === '"') {
            if (source[position + 1] === '"') {
              field += '"';
              position += 2;
              continue;
            }
            position++;
            closed = true;
            break;
          }
          if (char === '\n') line++;
          field += char;
          position++;
        }
        if (!closed) {
          problems.push({ line: start, message: 'a quoted field is not closed before the end of the file' });
          return { records, problems };
        }
      }
      // An unquoted field, or what follows a closing quote, up to the next comma or line end.
      while (position < source.length) {
        const char = source[position]!;
        if (char === ',' || char === '\n' || (char === '\r' && source[position + 1] === '\n')) break;
        if (quoted) broken ??= 'text after the closing quote of a field (RFC 4180 §2.7)';
        else if (char === '"')
          broken ??= 'a quote inside a field that is not quoted as a whole (RFC 4180 §2.5)';
        field += char;
        position++;
      }
      fields.push(field);
      field = '';
      const char = source[position];
      if (char === ',') {
        position++;
        continue;
      }
      // End of line or of the file.
      position += char === '\r' ? 2 : char === '\n' ? 1 : 0;
      if (char !== undefined) line++;
      endOfRecord = true;
    }
    if (broken !== undefined) problems.push({ line: start, message: broken });
    else if (!(fields.length === 1 && fields[0] === '')) records.push({ line: start, fields });
  }
  return { records, problems };
}
