import { DomainError, type DomainErrorCode } from '../domain-error.ts';

/** Refuses a statement: throws the DomainError every validation step reports (STYLE.md habit 3). */
export function fail(code: DomainErrorCode, message: string, detail?: Record<string, unknown>): never {
  throw new DomainError(code, message, detail === undefined ? undefined : { detail });
}
