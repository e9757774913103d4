import { open } from 'node:fs/promises';
import { composeStatement, isClientError, type MechanismInfo } from '@jmm/client';
import { canonicalizeJson } from '@jmm/core';
import { publicPrecisionOf, signStatement, type PublicPrecision, type Statement } from '@jmm/domain';
import {
  isInterchangeError,
  MAX_INCIDENTS_CSV_BYTES,
  parseIncidentsCsv,
  type IncidentCsvProblem,
  type IncidentCsvRow,
} from '@jmm/interchange';
import { CliError } from '../cli-error.ts';
import type { CliOutput } from '../cli-output.ts';
import { readMemberKeyFile, type MemberKey } from '../member-key-file.ts';
import { connectClient, withClientErrors } from './statement-command.ts';

export const IMPORT_HELP = `
Reads incidents from CSV (as \`jmm export --format csv\` writes it; ACLED-style files with the jmm_mechanism_type
and jmm_precision_m columns work too) and submits each row as an incident.report signed with your key, as your
organisation. Every row is checked first, against the statement schema, the public precision for public rows and
the mechanism's parties; every problem is printed as "line N: column: message" and then nothing is submitted.
--dry-run checks and reports without submitting. Re-running an import is safe: rows your organisation has already
reported with the same content and audience are skipped.`;

function formatProblem(problem: IncidentCsvProblem): string {
  return `line ${problem.line}: ${problem.column === undefined ? '' : `${problem.column}: `}${problem.message}`;
}

/** What the schema cannot know: the parties of this mechanism, and that a party does not allege against itself. */
function checkParties(
  rows: readonly IncidentCsvRow[],
  info: MechanismInfo,
  org: string,
): IncidentCsvProblem[] {
  const parties = new Set(info.orgs.filter((o) => o.kind === 'party').map((o) => o.id));
  return rows.flatMap((row) => {
    const party = row.body.alleged_responsible?.party;
    if (party === undefined) return [];
    if (!parties.has(party))
      return [
        { line: row.line, column: 'jmm_alleged_party', message: `${party} is not a party of this mechanism` },
      ];
    if (party === org)
      return [
        {
          line: row.line,
          column: 'jmm_alleged_party',
          message: 'your organisation does not allege against itself',
        },
      ];
    return [];
  });
}

/** The key that makes a row the same report: its body and audience (what the importer signs, minus the time). */
function contentKey(row: Pick<IncidentCsvRow, 'body' | 'audience'>): string {
  return canonicalizeJson({ body: row.body, audience: row.audience });
}

/**
 * The reports `org` already has in the log, as content keys: read through the caller's own CSV export, so a
 * re-run skips what an earlier run (or a run that stopped part-way) submitted.
 */
async function listReportedContent(
  server: string,
  token: string,
  org: string,
  publicPrecision: PublicPrecision,
): Promise<Set<string>> {
  const url = new URL('/api/v1/exports/incidents.csv', server);
  url.searchParams.set('reporter', org);
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(300_000),
    });
  } catch (cause) {
    throw new CliError('server', `cannot reach ${url.origin}`, { cause });
  }
  if (!response.ok) throw new CliError('server', `GET ${url.pathname} answered ${response.status}`);
  // Rows with problems (say, two identical reports) are still reports: every parsed row counts.
  const { rows } = parseIncidentsCsv(await response.text(), { publicPrecision });
  return new Set(rows.map(contentKey));
}

/** The file's text, refused by its size before any of it is read. */
async function readCsv(file: string): Promise<string> {
  let handle;
  try {
    handle = await open(file);
  } catch (cause) {
    throw new CliError('io', `cannot read ${file}`, { cause });
  }
  try {
    if ((await handle.stat()).size > MAX_INCIDENTS_CSV_BYTES)
      throw new CliError(
        'usage',
        `${file} is larger than an import may be (${MAX_INCIDENTS_CSV_BYTES} bytes)`,
      );
    return await handle.readFile('utf8');
  } catch (cause) {
    if (cause instanceof CliError) throw cause;
    throw new CliError('io', `cannot read ${file}`, { cause });
  } finally {
    await handle.close();
  }
}

/** parseIncidentsCsv, with a file past MAX_INCIDENTS_CSV_ROWS refused as a usage error like one too large. */
function parseImportCsv(file: string, text: string, publicPrecision: PublicPrecision) {
  try {
    return parseIncidentsCsv(text, { publicPrecision });
  } catch (cause) {
    if (isInterchangeError(cause, 'too_large'))
      throw new CliError('usage', `${file}: ${cause.message}`, { cause });
    throw cause;
  }
}

function issuerOf(key: MemberKey, file: string): { org: string; member: string } {
  const { org, member } = key.file;
  if (org === undefined || member === undefined)
    throw new CliError('key_file', `${file} does not say which org and member it belongs to`);
  return { org, member };
}

/**
 * `jmm import`: validates every row, then (unless --dry-run) signs each new row as an incident.report and submits
 * it, verifying each inclusion proof. Nothing is submitted while any row has a problem. Submission is one
 * statement at a time, so a refusal by the log (say, the key lost its reporter role mid-way) stops the import
 * with the earlier rows logged; running it again submits only the rest.
 */
export async function runImport(
  server: string,
  options: { csv: string; key: string; dryRun: boolean },
  output: CliOutput,
): Promise<void> {
  const key = await readMemberKeyFile(options.key);
  const issuer = issuerOf(key, options.key);
  const text = await readCsv(options.csv);
  const { client, info } = await connectClient(server);
  const publicPrecision = publicPrecisionOf(info.settings);
  const parsed = parseImportCsv(options.csv, text, publicPrecision);
  const problems = [...parsed.problems, ...checkParties(parsed.rows, info, issuer.org)];

  const issuedAt = new Date().toISOString();
  const statements: { row: IncidentCsvRow; statement: Statement }[] = [];
  for (const row of parsed.rows) {
    try {
      const statement = composeStatement('incident.report', row.body, {
        issuer,
        audience: row.audience,
        issuedAt,
        mechanism: info.origin,
        settings: info.settings,
      });
      statements.push({ row, statement });
    } catch (error) {
      if (!isClientError(error)) throw error;
      problems.push({ line: row.line, message: error.message });
    }
  }
  if (problems.length > 0) {
    problems.sort((a, b) => a.line - b.line);
    for (const problem of problems) output.error(formatProblem(problem));
    throw new CliError(
      'usage',
      `${options.csv}: ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was submitted`,
      { detail: { problems } },
    );
  }

  await withClientErrors(() => client.signIn(key.signer));
  const reported = await listReportedContent(server, client.session!.token, issuer.org, publicPrecision);
  const pending = statements.filter(({ row }) => !reported.has(contentKey(row)));
  const skipped = statements.length - pending.length;
  if (options.dryRun) {
    const result = {
      rows: statements.length,
      already_reported: skipped,
      would_submit: pending.length,
      submitted: [],
    };
    output.result(
      result,
      () =>
        `${options.csv}: ${statements.length} rows valid; ${skipped} already reported; ${pending.length} would be submitted (dry run: nothing submitted)`,
    );
    return;
  }
  const submitted: { line: number; digest: string; index: number }[] = [];
  for (const { row, statement } of pending) {
    const envelope = await signStatement(statement, key.signer);
    const answer = await withClientErrors(() => client.submit(envelope));
    submitted.push({ line: row.line, digest: answer.digest, index: Number(answer.index) });
  }
  const result = {
    rows: statements.length,
    already_reported: skipped,
    would_submit: pending.length,
    submitted,
  };
  output.result(
    result,
    () =>
      `${options.csv}: submitted ${submitted.length} incident reports (inclusion verified); ${skipped} already reported`,
  );
}
