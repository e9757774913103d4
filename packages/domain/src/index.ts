// @jmm/domain: statement schemas, validation against mechanism state, rules (pure; DESIGN.md §8).
export { DomainError, isDomainError, type DomainErrorCode } from './domain-error.ts';
export * from './vocabulary.ts';
export * from './settings.ts';
export * from './statements/statement.ts';
export * from './statements/membership.ts';
export * from './rules.ts';
export * from './visibility.ts';
export * from './mechanism-state.ts';
export * from './validate-statement.ts';
export * from './parse-statement.ts';
export * from './log-entry.ts';
export * from './sign-statement.ts';
export * from './login-message.ts';
