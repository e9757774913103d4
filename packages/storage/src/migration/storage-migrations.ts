import type { Migration, MigrationProvider } from 'kysely';
import type { DatabaseCapabilities } from '../dialect/database-capabilities.ts';
import { createLogTablesMigration } from './0001-create-log-tables.ts';
import { createMechanismTablesMigration } from './0002-create-mechanism-tables.ts';
import { createAccessTablesMigration } from './0003-create-access-tables.ts';
import { createWorkflowTablesMigration } from './0004-create-workflow-tables.ts';
import { createBlobTablesMigration } from './0005-create-blob-tables.ts';
import { createEvidenceUsageMigration } from './0006-create-evidence-usage.ts';
import { createViewerProjectionsMigration } from './0007-create-viewer-projections.ts';
import { createCheckpointCosignaturesMigration } from './0008-create-checkpoint-cosignatures.ts';
import { createFoldTablesMigration } from './0009-create-fold-tables.ts';
import { createSequencerLeaseMigration } from './0010-create-sequencer-lease.ts';
import { createRecordScanIndexMigration } from './0011-create-record-scan-index.ts';

/**
 * The migrations, in code so that they ship inside the package and run the same on both dialects. Names sort
 * in the order they apply; a released migration is never edited, only followed by a new one. There are no
 * down migrations: the log and its projections only move forward (DESIGN.md §1.3). SQLite runs a migration
 * outside a transaction (migrateToLatest), so each one from 0011 on is idempotent (`ifExists`, `ifNotExists`).
 */
export function createStorageMigrationProvider(capabilities: DatabaseCapabilities): MigrationProvider {
  const migrations: Record<string, Migration> = {
    '0001-create-log-tables': createLogTablesMigration(capabilities),
    '0002-create-mechanism-tables': createMechanismTablesMigration(),
    '0003-create-access-tables': createAccessTablesMigration(),
    '0004-create-workflow-tables': createWorkflowTablesMigration(),
    '0005-create-blob-tables': createBlobTablesMigration(),
    '0006-create-evidence-usage': createEvidenceUsageMigration(),
    '0007-create-viewer-projections': createViewerProjectionsMigration(),
    '0008-create-checkpoint-cosignatures': createCheckpointCosignaturesMigration(capabilities),
    '0009-create-fold-tables': createFoldTablesMigration(),
    '0010-create-sequencer-lease': createSequencerLeaseMigration(),
    '0011-create-record-scan-index': createRecordScanIndexMigration(),
  };
  return { getMigrations: () => Promise.resolve(migrations) };
}
