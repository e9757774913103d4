// @jmm/storage/testing: infrastructure for tests and benchmarks of packages that use storage.
export {
  startEmbeddedPostgres,
  type EmbeddedPostgresServer,
  type EmbeddedPostgresOptions,
} from './embedded-postgres.ts';
