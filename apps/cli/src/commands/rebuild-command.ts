import { access } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { isStorageError } from '@jmm/storage';
import { MechanismError } from '@jmm/mechanism';
import { CliError } from '../cli-error.ts';
import type { CliOutput } from '../cli-output.ts';
import { rebuildMechanism, type RebuildTarget, type ServerConfig } from '@jmm/mechanism';

export interface RebuildCommandOptions {
  /** A new SQLite file to rebuild into. */
  readonly into?: string | undefined;
  /** An empty PostgreSQL database to rebuild into. */
  readonly intoDatabaseUrl?: string | undefined;
}

export const REBUILD_HELP = `
Replays every entry of the log, in index order and batch by batch, into a new empty database through the
sequencer, so every projection is written again by the same code, and checks that the result is identical:
each entry's index, log time and leaf data, and each published checkpoint (size, root hash, signed note).
The source database is only read. The target must be empty: a new SQLite file (--into) or an empty
PostgreSQL database (--into-database-url). Sessions, the access log and uploaded evidence files are not
part of the log and are not copied. To use the rebuilt database, stop the server and put the file in place of
<data>/jmm.sqlite, or point --database-url at the rebuilt PostgreSQL database.

Exit codes: 0 rebuilt and identical; 1 the log does not reproduce (the message names the first entry or
checkpoint that differs; discard the target); 2 usage; 3 the target file's directory is missing; 5 a
database is unreachable; 6 the target is not empty; 7 no mechanism in --data.

Examples:
  jmm rebuild --data ./data --into ./data/rebuilt.sqlite
  jmm rebuild --data /srv/jmm --database-url postgres://jmm@db/jmm --into-database-url postgres://jmm@db/jmm_rebuilt
`;

/** The target as given, with any password removed (for output). */
function describeTarget(target: RebuildTarget): string {
  if ('sqlitePath' in target) return target.sqlitePath;
  const url = new URL(target.databaseUrl);
  url.password = '';
  return url.toString();
}

async function parseTarget(options: RebuildCommandOptions): Promise<RebuildTarget> {
  const { into, intoDatabaseUrl } = options;
  if ((into === undefined) === (intoDatabaseUrl === undefined))
    throw new CliError('usage', 'give exactly one of --into FILE and --into-database-url URL');
  if (intoDatabaseUrl !== undefined) {
    if (!/^postgres(ql)?:\/\//.test(intoDatabaseUrl))
      throw new CliError('usage', '--into-database-url must be a postgres:// or postgresql:// URL');
    return { databaseUrl: intoDatabaseUrl };
  }
  const path = resolve(into!);
  try {
    await access(dirname(path));
  } catch (cause) {
    throw new CliError('io', `the directory of ${path} does not exist`, { cause });
  }
  return { sqlitePath: path };
}

/**
 * `jmm rebuild`: replays the log of the mechanism in `config` into a new, empty database and proves the
 * rebuilt log and its checkpoints identical (DESIGN.md §1.1). Progress goes to stdout in tenths, unless --json.
 */
export async function runRebuild(
  config: ServerConfig,
  options: RebuildCommandOptions,
  output: CliOutput,
): Promise<void> {
  const target = await parseTarget(options);
  output.info(`Rebuilding the log in ${config.dataDir} into ${describeTarget(target)}…`);
  let reported = 0n;
  let summary;
  try {
    summary = await rebuildMechanism(config, {
      into: target,
      onProgress: ({ treeSize, total }) => {
        const tenth = (treeSize * 10n) / total;
        if (tenth === reported && treeSize !== total) return;
        reported = tenth;
        output.info(`  ${treeSize}/${total} entries (${tenth * 10n}%)`);
      },
    });
  } catch (error) {
    if (error instanceof MechanismError && error.detail?.reason === 'target_not_empty')
      throw new CliError('exists', error.message, { cause: error });
    if (isStorageError(error, 'database_unavailable'))
      throw new CliError('server', `a database is unreachable: ${error.message}`, { cause: error });
    throw error;
  }
  const result = { ...summary, into: describeTarget(target), identical: true };
  output.result(result, () =>
    [
      `Rebuilt ${summary.treeSize} entries in ${summary.batches} batches: every entry and checkpoint is identical.`,
      `Tree size ${summary.treeSize}, root hash ${summary.rootHash}.`,
      `${summary.cosignatures} witness cosignatures carried over.`,
    ].join('\n'),
  );
}
