/**
 * Rows per multi-row statement. Bound parameters are capped (32,766 in SQLite, 65,535 in PostgreSQL); at ten
 * columns a row, 200 rows stay far below both while keeping round trips few.
 */
export const ROWS_PER_STATEMENT = 200;

/** `items` in consecutive slices of at most `size`. */
export function splitIntoChunks<T>(items: readonly T[], size: number = ROWS_PER_STATEMENT): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}
