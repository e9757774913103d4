/** One line of the benchmark's table: a figure beside what it is judged against. */
export interface ResultRow {
  readonly what: string;
  readonly figure: string;
  readonly baseline: string;
  readonly target: string;
  readonly verdict: string;
}

/** The one table a benchmark run prints, with notes below it. */
export class ResultTable {
  private readonly rows: ResultRow[] = [];
  private readonly notes: string[] = [];

  row(what: string, figure: string, baseline = '', target = '', verdict = ''): void {
    this.rows.push({ what, figure, baseline, target, verdict });
  }

  note(text: string): void {
    this.notes.push(text);
  }

  print(): void {
    const headers = ['measure', 'figure', 'baseline (same run) / context', 'target', ''];
    const cells = this.rows.map((r) => [r.what, r.figure, r.baseline, r.target, r.verdict]);
    const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
    const line = (c: string[]) =>
      c
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join(' │ ')
        .trimEnd();
    console.log(line(headers));
    console.log(widths.map((w) => '─'.repeat(w)).join('─┼─'));
    for (const c of cells) console.log(line(c));
    for (const note of this.notes) console.log(`  · ${note}`);
  }
}

export const formatRate = (perSecond: number): string => `${Math.round(perSecond).toLocaleString('en-US')}/s`;

export const formatMs = (ms: number): string =>
  Number.isNaN(ms) ? 'n/a' : `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
