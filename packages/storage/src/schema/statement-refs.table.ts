/** `statement_refs`: each statement's refs (DESIGN.md §3), so "what refers to X" is an index lookup. */
export interface StatementRefsTable {
  from_digest: string;
  rel: string;
  to_digest: string;
}
