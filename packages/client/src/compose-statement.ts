import {
  coarsenStatementForPublic,
  publicPrecisionOf,
  statementSchema,
  type Audience,
  type Ref,
  type Settings,
  type Statement,
  type StatementOf,
  type StatementType,
} from '@jmm/domain';
import { ClientError } from './client-error.ts';

/** The common fields of a statement (DESIGN.md §3), given by the author. */
export interface ComposeStatementOptions {
  readonly issuer: { readonly org: string; readonly member: string };
  readonly audience: Audience;
  readonly refs?: readonly Ref[];
  /** RFC 3339 UTC, from the author's clock; the log checks it within a tolerance (log time rules). */
  readonly issuedAt: string;
  /** The mechanism's origin. */
  readonly mechanism: string;
  /**
   * The mechanism's settings, required for a public audience: the public precision they set is what the
   * statement is coarsened to, so nothing finer is ever signed for the public (DESIGN.md §1.7).
   */
  readonly settings?: Settings;
}

/** One schema problem: the dotted path of the field and what is wrong with it. */
export interface StatementIssue {
  readonly path: string;
  readonly message: string;
}

/** Most issues reported at once; a body wrong in more places than this is wrong enough. */
const MAX_ISSUES = 50;

/**
 * A statement of `type`, validated with @jmm/domain's schema (the one the server applies first, DESIGN.md §3)
 * and, for a public audience, coarsened to the mechanism's public precision before anyone signs it. Throws
 * ClientError('invalid_statement') with every schema issue in `detail.issues`.
 */
export function composeStatement<T extends StatementType>(
  type: T,
  body: StatementOf<T>['body'],
  options: ComposeStatementOptions,
): StatementOf<T> {
  const candidate = {
    jmm: 1,
    type,
    mechanism: options.mechanism,
    issuer: { org: options.issuer.org, member: options.issuer.member },
    issued_at: options.issuedAt,
    audience: options.audience,
    refs: [...(options.refs ?? [])],
    body,
  };
  const statement = validateStatement(candidate);
  if (statement.audience.kind !== 'public') return statement as StatementOf<T>;
  if (options.settings === undefined) {
    throw new ClientError(
      'invalid_argument',
      "a public statement needs the mechanism's settings, to coarsen it to the public precision",
    );
  }
  // Coarsening keeps a valid statement valid; checked again all the same, since the result is what is signed.
  return validateStatement(
    coarsenStatementForPublic(statement, publicPrecisionOf(options.settings)),
  ) as StatementOf<T>;
}

/** Parses anything into a Statement, reporting every schema issue at once (STYLE.md habit 5). */
export function validateStatement(value: unknown): Statement {
  const result = statementSchema.safeParse(value);
  if (result.success) return result.data;
  const issues: StatementIssue[] = result.error.issues
    .slice(0, MAX_ISSUES)
    .map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
  const summary = issues.map((issue) => `${issue.path || '(statement)'}: ${issue.message}`).join('; ');
  throw new ClientError('invalid_statement', `the statement does not match its schema: ${summary}`, {
    detail: { issues },
  });
}
