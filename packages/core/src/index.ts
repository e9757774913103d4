// @jmm/core: the public surface. Everything here is pure and isomorphic (DESIGN.md §8).
export { CoreError, isCoreError, type CoreErrorCode } from './core-error.ts';
export * from './encoding/index.ts';
export * from './crypto/index.ts';
export * from './merkle/index.ts';
export * from './tiles/index.ts';
export * from './note/index.ts';
export * from './dsse/index.ts';
export * from './witness/index.ts';
