import { describe, expect, it } from 'vitest';
import { formatCsvRecord, parseCsvRecords } from './csv-text.ts';

describe('formatCsvRecord', () => {
  it('quotes only fields holding a comma, quote or line break, doubling quotes (RFC 4180 §2.6–2.7)', () => {
    expect(formatCsvRecord(['plain', 'a,b', 'say "hi"', 'two\nlines', ''])).toBe(
      'plain,"a,b","say ""hi""","two\nlines",\r\n',
    );
  });
});

describe('parseCsvRecords', () => {
  it('reads back what formatCsvRecord wrote, whatever the fields hold', () => {
    const fields = ['x', ' spaced ', 'a,b', '"quoted"', 'line\r\nbreak', 'اردو', ''];
    const { records, problems } = parseCsvRecords(formatCsvRecord(fields) + formatCsvRecord(['y']));
    expect(problems).toEqual([]);
    expect(records).toEqual([
      { line: 1, fields },
      { line: 3, fields: ['y'] },
    ]);
  });

  it('accepts LF line ends, a missing final line end and a leading byte-order mark', () => {
    expect(parseCsvRecords('\uFEFFa,b\nc,d').records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['c', 'd'] },
    ]);
  });

  describe('when a record is malformed', () => {
    it('reports a stray quote and text after a closing quote with their lines, and keeps the other records', () => {
      const { records, problems } = parseCsvRecords('ok,1\r\nbad"quote,2\r\n"closed"tail,3\r\nfine,4\r\n');
      expect(records.map((r) => r.line)).toEqual([1, 4]);
      expect(problems.map((p) => p.line)).toEqual([2, 3]);
    });

    it('reports a quoted field left open at the line it opened on', () => {
      const { problems } = parseCsvRecords('a\r\n"open\r\nstill open\r\n');
      expect(problems).toEqual([{ line: 2, message: expect.stringContaining('not closed') as string }]);
    });
  });
});
