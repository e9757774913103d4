import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../testing/index.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the run's PostgreSQL, for creating one database per test. */
    postgresAdminUrl: string;
  }
}

/**
 * Vitest global setup: one real PostgreSQL for the whole run (testing/embedded-postgres.ts); each test creates
 * its own database in it (test/support/test-dialects.ts).
 */
export default async function startPostgresForRun(project: TestProject): Promise<() => Promise<void>> {
  const server = await startEmbeddedPostgres();
  project.provide('postgresAdminUrl', server.adminUrl);
  return () => server.stop();
}
