import type { AuditProblem, UncheckedStatement } from './audit-result.ts';

/** Problems of one kind kept in full; beyond it they are counted (a wholly forged log must not exhaust memory). */
const MAX_PROBLEMS_PER_KIND = 1000;
const MAX_UNCHECKED_SAMPLE = 20;

/** What an audit has found so far: problems, counts, and a sample of the statements it could not fully check. */
export class AuditFindings {
  readonly problems: AuditProblem[] = [];
  readonly notes: string[] = [];
  readonly uncheckedSample: UncheckedStatement[] = [];
  private readonly perKind = new Map<string, number>();
  statementsRead = 0;
  statementsChecked = 0;
  unchecked = 0;
  unreadable = 0;
  tilesFetched = 0;
  checkpoints = 0;

  add(problem: AuditProblem): void {
    const count = (this.perKind.get(problem.kind) ?? 0) + 1;
    this.perKind.set(problem.kind, count);
    if (count <= MAX_PROBLEMS_PER_KIND) this.problems.push(problem);
    else if (count === MAX_PROBLEMS_PER_KIND + 1)
      this.notes.push(
        `more than ${MAX_PROBLEMS_PER_KIND} problems of kind ${problem.kind}; only the first are listed`,
      );
  }

  addUnchecked(statement: UncheckedStatement): void {
    this.unchecked += 1;
    if (this.uncheckedSample.length < MAX_UNCHECKED_SAMPLE) this.uncheckedSample.push(statement);
  }

  note(line: string): void {
    if (!this.notes.includes(line)) this.notes.push(line);
  }
}
