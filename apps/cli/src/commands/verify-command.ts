import {
  auditLog,
  createBundleLogSource,
  createHttpLogSource,
  isAuditError,
  type AuditProblemKind,
  type AuditProgress,
  type AuditResult,
  type LogSource,
} from '@jmm/audit';
import { CliError, EXIT_CODES, type CliErrorCode } from '../cli-error.ts';
import type { CliOutput } from '../cli-output.ts';
import { readMemberKeyFile } from '../member-key-file.ts';

export interface VerifyFlags {
  readonly bundle?: string;
  readonly origin?: string;
  readonly logKey?: string;
  readonly state?: string;
  readonly workers?: string;
  readonly key?: string;
}

export const VERIFY_HELP = `
Audits a mechanism with nothing but its origin and log key as trust roots (give both: without them the
mechanism's own word is taken, and a warning says so). It recomputes the tree from the entry bundles, checks
every hash tile, the latest checkpoint and the whole checkpoint history against it, every cosignature by a
configured witness and the witness policy, and every envelope it can read: its digest is its entry's, its
signature is by a key enrolled and unrevoked at its index with a role that may issue its type, and the
statement is valid under the rules at that point (the same @jmm/domain code the server runs). Published
reports are recomputed. With --key it reads what your organisation may read; a rule that fails only because
some earlier statements could not be read is reported as unchecked, not invalid. Evidence citations depend on
uploads, which are not in the log, and are not checked.

--state DIR keeps the last verified checkpoint and the audited entries: the next run fetches only new tiles,
and reports a split view if the log no longer extends what it saw.

Exit codes:
  ${EXIT_CODES.ok}   no problem found
  ${EXIT_CODES.usage}   bad arguments
  ${EXIT_CODES.io}   a file (key, state directory) could not be read or written
  ${EXIT_CODES.unreachable}  the mechanism or bundle could not be read
  ${EXIT_CODES.audit_tampered}  tampering: a tile, entry, envelope or checkpoint is not what the log signed
  ${EXIT_CODES.audit_split_view}  split view: the log signed two different histories (both checkpoints are printed)
  ${EXIT_CODES.audit_invalid_statement}  the log holds a statement the rules refuse (or a malformed entry)
  ${EXIT_CODES.audit_unwitnessed}  a witness cosignature does not verify, or the witness policy is not met
The most serious finding decides the code, in this order: split view, tampering, invalid statement, witnesses.

Examples:
  jmm verify https://jmm.example.org --origin jmm.example.org/pak-afg --log-key 'jmm.example.org/pak-afg+…'
  jmm verify --bundle ./audit-bundle --origin … --log-key … --json
`;

/** The exit code a finding leads to, most serious first. */
const SEVERITY: readonly (readonly [CliErrorCode, readonly AuditProblemKind[]])[] = [
  ['audit_split_view', ['split_view']],
  ['audit_tampered', ['tampered']],
  ['audit_invalid_statement', ['invalid_statement', 'invalid_entry']],
  ['audit_unwitnessed', ['bad_cosignature', 'policy_unmet']],
];

function parseWorkers(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const workers = Number(text);
  if (!Number.isInteger(workers) || workers < 0 || workers > 256)
    throw new CliError('usage', '--workers is a whole number from 0 to 256');
  return workers;
}

async function openSource(target: string | undefined, flags: VerifyFlags): Promise<LogSource> {
  if ((target === undefined) === (flags.bundle === undefined))
    throw new CliError('usage', 'give either the mechanism URL or --bundle DIR');
  if (flags.bundle !== undefined) {
    if (flags.key !== undefined)
      throw new CliError('usage', '--key signs in to a server; a bundle needs none');
    return createBundleLogSource(flags.bundle);
  }
  const member = flags.key === undefined ? undefined : await readMemberKeyFile(flags.key);
  if (member !== undefined && (member.file.org === undefined || member.file.member === undefined))
    throw new CliError('key_file', `${flags.key} does not say which org and member it belongs to`);
  return createHttpLogSource(target!, {
    ...(member === undefined
      ? {}
      : { signer: member.signer, signerName: `${member.file.org}/${member.file.member}` }),
    ...(flags.origin === undefined ? {} : { origin: flags.origin }),
  });
}

/** An AuditError as the CLI's exit code (VERIFY_HELP): bad arguments, unreadable files, or an unreachable log. */
export function toCliError(error: unknown): unknown {
  if (!isAuditError(error)) return error;
  const code: CliErrorCode =
    error.code === 'invalid_argument'
      ? 'usage'
      : error.code === 'io' || error.code === 'state_mismatch'
        ? 'io'
        : 'unreachable';
  return new CliError(code, error.message, { cause: error });
}

function describeProgress(progress: AuditProgress): string {
  const percent = progress.total === 0n ? 100n : (progress.done * 100n) / progress.total;
  const width = 30;
  const filled = Number((BigInt(width) * percent) / 100n);
  const label = progress.stage === 'replaying' ? 'replaying saved state' : 'auditing';
  return `\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${progress.done}/${progress.total} entries (${percent}%)`;
}

const UNCHECKED_SHOWN = 3;

function describeResult(result: AuditResult): string {
  const lines = [
    `Audited ${result.origin} at tree size ${result.treeSize} (root ${result.rootHash}), read as ${result.reader}` +
      (result.resumedFrom > 0n ? `, resuming from ${result.resumedFrom}` : ''),
    `  checkpoints checked: ${result.checkpoints}; final: ${result.final ? 'yes' : 'no'}` +
      (result.witnessedBy.length > 0 ? ` (cosigned by witnesses of ${result.witnessedBy.join(', ')})` : ''),
    `  tiles fetched: ${result.tilesFetched}`,
    `  statements: ${result.statementsRead} read, ${result.statementsChecked} checked, ` +
      `${result.unchecked} unchecked (partial view), ${result.unreadable} not readable by this reader`,
    ...result.notes.map((note) => `  note: ${note}`),
  ];
  // A few examples say what "unchecked" means; --json carries the whole sample.
  for (const unchecked of result.uncheckedSample.slice(0, UNCHECKED_SHOWN))
    lines.push(`  unchecked: entry ${unchecked.index}: ${unchecked.code}: ${unchecked.message}`);
  if (result.unchecked > UNCHECKED_SHOWN)
    lines.push(`  … and ${result.unchecked - UNCHECKED_SHOWN} more unchecked (--json lists a sample)`);
  if (result.ok) lines.push('OK: no problem found');
  else {
    lines.push(`PROBLEMS (${result.problems.length}):`);
    for (const problem of result.problems) {
      lines.push(
        `  [${problem.kind}]${problem.index === undefined ? '' : ` entry ${problem.index}`}: ${problem.message}`,
      );
      if (problem.kind === 'split_view' && problem.evidence !== undefined)
        for (const [name, value] of Object.entries(problem.evidence))
          if (typeof value === 'string' && value.includes('\n\n'))
            lines.push(`    ${name}:\n${value.replace(/^/gm, '      ')}`);
    }
  }
  return lines.join('\n');
}

/**
 * `jmm verify URL` / `jmm verify --bundle DIR`: runs @jmm/audit's `auditLog` and turns what it found into the
 * documented exit code (VERIFY_HELP). `progress` receives a progress bar (on a terminal), or nothing.
 */
export async function runVerify(
  target: string | undefined,
  flags: VerifyFlags,
  output: CliOutput,
  progress?: (text: string) => void,
): Promise<void> {
  const workers = parseWorkers(flags.workers);
  if ((flags.origin === undefined) !== (flags.logKey === undefined))
    throw new CliError('usage', 'give both --origin and --log-key, or neither');
  let result: AuditResult;
  try {
    const source = await openSource(target, flags);
    let origin = flags.origin;
    let logVkey = flags.logKey;
    if (origin === undefined || logVkey === undefined) {
      ({ origin, logVkey } = await source.describeMechanism());
      output.error(
        `warning: trusting the origin and log key ${source.location} names (${logVkey}); ` +
          'pass --origin and --log-key from an independent source to audit without trusting it',
      );
    }
    result = await auditLog(source, {
      origin,
      logVkey,
      ...(flags.state === undefined ? {} : { stateDir: flags.state }),
      ...(workers === undefined ? {} : { workers }),
      ...(progress === undefined
        ? {}
        : {
            onProgress: (step: AuditProgress) => {
              progress(describeProgress(step));
            },
          }),
    });
    progress?.('\n');
  } catch (error) {
    throw toCliError(error);
  }
  output.result(result, () => describeResult(result));
  for (const [code, kinds] of SEVERITY) {
    const count = result.problems.filter((problem) => kinds.includes(problem.kind)).length;
    if (count > 0)
      throw new CliError(
        code,
        `the audit found ${result.problems.length} problem(s); the most serious: ${kinds.join('/')}`,
      );
  }
}
