// Time spent in each SQL statement, for profiling the benchmark's server (never the product): a CPU profile loses
// its callers once Kysely awaits, so the drivers are wrapped here and every statement is charged by its text.
// better-sqlite3 runs on the event loop, so its figures are main-thread time; pg's are wall time per query
// (network, locks, fsync), overlapping across the pool's connections.
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';

export interface SqlTiming {
  readonly sql: string;
  readonly calls: number;
  readonly milliseconds: number;
  /** Bound parameters over all calls: for batched inserts, the volume written. */
  readonly parameters: number;
}

const timings = new Map<string, { calls: number; milliseconds: number; parameters: number }>();

/**
 * One key per statement shape: whitespace folded, `$n` written `?`, and an insert's rows (a batched insert runs to
 * tens of kilobytes, and the wrapper must stay cheap) written `(…)`.
 */
function shapeOf(sql: string): string {
  const values = sql.indexOf(' values ');
  const shape =
    values < 0
      ? sql.slice(0, 200)
      : `${sql.slice(0, values)} values (…)${sql.includes(' on conflict ', values) ? ' on conflict …' : ''}`;
  return shape.replace(/\s+/g, ' ').replace(/\$\d+/g, '?').slice(0, 200);
}

function record(sql: string, milliseconds: number, parameters: number): void {
  const key = shapeOf(sql);
  const entry = timings.get(key) ?? { calls: 0, milliseconds: 0, parameters: 0 };
  entry.calls += 1;
  entry.milliseconds += milliseconds;
  entry.parameters += parameters;
  timings.set(key, entry);
}

function countParameters(args: unknown[]): number {
  return args.reduce<number>((sum, arg) => sum + (Array.isArray(arg) ? arg.length : 1), 0);
}

/** Wraps both drivers' statement execution; call before the database is opened. */
export function installSqlTiming(): void {
  const probe = new BetterSqlite3(':memory:');
  const statementPrototype = Object.getPrototypeOf(probe.prepare('select 1')) as Record<
    'run' | 'all' | 'get',
    (this: BetterSqlite3.Statement, ...args: unknown[]) => unknown
  >;
  probe.close();
  for (const method of ['run', 'all', 'get'] as const) {
    const original = statementPrototype[method];
    statementPrototype[method] = function (this: BetterSqlite3.Statement, ...args: unknown[]) {
      const start = performance.now();
      try {
        return original.apply(this, args);
      } finally {
        record(this.source, performance.now() - start, countParameters(args));
      }
    };
  }

  const clientPrototype = pg.Client.prototype as unknown as {
    query: (this: pg.Client, ...args: unknown[]) => unknown;
  };
  const originalQuery = clientPrototype.query;
  clientPrototype.query = function (this: pg.Client, ...args: unknown[]) {
    const start = performance.now();
    const result = originalQuery.apply(this, args);
    const first = args[0];
    const sql = typeof first === 'string' ? first : ((first as { text?: string } | undefined)?.text ?? '?');
    const values = Array.isArray(args[1]) ? args[1].length : 0;
    if (result instanceof Promise) {
      const done = () => {
        record(sql, performance.now() - start, values);
      };
      void result.then(done, done);
    }
    return result;
  };
}

/** The timings since the last call, most expensive first, and starts counting afresh. */
export function takeSqlTimings(): SqlTiming[] {
  const taken = [...timings].map(([sql, entry]) => ({ sql, ...entry }));
  timings.clear();
  return taken.sort((a, b) => b.milliseconds - a.milliseconds);
}
