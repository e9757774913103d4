import { StorageError } from '../storage-error.ts';

/**
 * Decoding of column values that both dialects return in driver-specific shapes. Repositories call these at
 * their edge so that nothing above them sees a Buffer or a stray integer type.
 */

/** A copy of a BLOB/bytea value as a plain Uint8Array (drivers return Buffers, which compare differently). */
export function bytesFromColumn(value: Uint8Array): Uint8Array {
  return new Uint8Array(value);
}

/** A small integer column (a tile width, a flag) as a number. */
export function numberFromColumn(value: bigint): number {
  return Number(value);
}

/** A TEXT column holding JSON, parsed; malformed text means the row was changed behind the application. */
export function jsonFromColumn(text: string, column: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new StorageError('corrupt_data', `the ${column} column does not hold JSON`, { cause });
  }
}

/** A JSON array of strings (org ids, roles) stored as TEXT. */
export function stringArrayFromColumn(text: string, column: string): string[] {
  const value = jsonFromColumn(text, column);
  const strings = Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
  if (!Array.isArray(value) || strings.length !== value.length) {
    throw new StorageError('corrupt_data', `the ${column} column does not hold an array of strings`);
  }
  return strings;
}
