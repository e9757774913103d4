import { mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import { encodeHex, sha256 } from '@jmm/core';
import { isClientError, type JmmClient, type ReportDraft } from '@jmm/client';
import { REPORT_AUDIENCES, signStatement, type MetricPeriod, type ReportAudience } from '@jmm/domain';
import { isReportError, parseReportPeriod } from '@jmm/report/period';
import { CliError } from '../cli-error.ts';
import type { CliOutput } from '../cli-output.ts';
import { readMemberKeyFile } from '../member-key-file.ts';
import { connectClient, withClientErrors } from './statement-command.ts';

export interface ReportFlags {
  readonly period: string;
  readonly audience: string;
  readonly key: string;
  readonly out?: string;
  readonly dryRun?: boolean;
  readonly partial?: boolean;
  readonly logKey?: string;
}

export const REPORT_HELP = `
A report covers one calendar period in UTC: a month (2026-10), a quarter (2026-Q3) or an ISO week (2026-W40).
The server drafts it at the log's latest checkpoint (POST /api/v1/reports/drafts): the metrics its audience gets
there — the numbers the log recomputes and requires before it accepts the report.publish — and a map and
findings folded from exactly the statements that audience reads, rendered as HTML and PDF and stored. This
command signs the draft with your key and submits it; the answer's inclusion proof is verified. A period that
has not ended at the checkpoint is refused unless --partial (its numbers may still change). The key must be a
secretariat approver's or admin's. --dry-run drafts (and with --out writes) the documents and submits nothing.
Files in --out are never overwritten.`;

/** `--period`, as @jmm/report reads a report period; anything else is a usage error. */
function parsePeriod(text: string): MetricPeriod {
  try {
    return parseReportPeriod(text);
  } catch (error) {
    if (isReportError(error)) throw new CliError('usage', `--period: ${error.message}`, { cause: error });
    throw error;
  }
}

function parseAudience(text: string): ReportAudience {
  const audience = REPORT_AUDIENCES.find((candidate) => candidate === text);
  if (audience === undefined)
    throw new CliError('usage', `--audience must be public or mechanism, not ${JSON.stringify(text)}`);
  return audience;
}

/**
 * Asks the server to draft the report (POST /api/v1/reports/drafts): the audience's metrics at the latest
 * checkpoint, and the map and findings folded from exactly the statements that audience reads, rendered with
 * @jmm/report — the one implementation the web app's form and the demo use too. Nothing in it is taken on
 * trust: the log accepts the signed report.publish only if the checkpoint is one it had and every value is
 * what the audience gets there, and `jmm verify` recomputes them.
 */
async function draftReport(
  client: JmmClient,
  request: { period: string; audience: ReportAudience; partial: boolean },
): Promise<ReportDraft> {
  try {
    return await client.draftReport(request);
  } catch (error) {
    if (isClientError(error) && error.problem?.code === 'period_not_ended') {
      const begun = !error.problem.detail.includes('begins after');
      throw new CliError(
        'usage',
        begun
          ? `${error.problem.detail}. Wait until it ends, or give --partial to publish them as they stand`
          : error.problem.detail,
        { cause: error },
      );
    }
    throw error;
  }
}

/** The draft's documents, read back from the server's preview (signed in) to be written to --out. */
async function readDraftDocuments(
  server: string,
  draft: ReportDraft,
  token: string,
): Promise<{ pdf: Uint8Array; html: Uint8Array }> {
  const read = async (mediaType: 'application/pdf' | 'text/html'): Promise<Uint8Array> => {
    const document = draft.documents.find((candidate) => candidate.media_type === mediaType);
    if (document === undefined) throw new CliError('server', `the draft has no ${mediaType} document`);
    // The server names the preview by its path: it is read from the server the draft came from.
    const url = new URL(document.preview_url, server);
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    if (!response.ok) throw new CliError('server', `GET ${url.pathname} answered ${response.status}`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    // The body lists the digest: a document that is not the one listed is not written.
    if (encodeHex(sha256(bytes)) !== document.sha256)
      throw new CliError('server', `the ${mediaType} document served is not the one the draft lists`);
    return bytes;
  };
  return { pdf: await read('application/pdf'), html: await read('text/html') };
}

/** Writes the rendered documents into `dir` as `report-<period>-<audience>.{pdf,html}`, never overwriting. */
async function writeReportFiles(
  dir: string,
  name: string,
  rendered: { pdf: Uint8Array; html: Uint8Array },
): Promise<string[]> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (cause) {
    throw new CliError('io', `cannot create ${dir}`, { cause });
  }
  const files: string[] = [];
  for (const [extension, bytes] of [
    ['pdf', rendered.pdf],
    ['html', rendered.html],
  ] as const) {
    const file = join(dir, `${name}.${extension}`);
    let handle;
    try {
      handle = await open(file, 'wx');
    } catch (cause) {
      throw new CliError('exists', `cannot create ${file} (it may exist already)`, { cause });
    }
    try {
      await handle.writeFile(bytes);
    } finally {
      await handle.close();
    }
    files.push(file);
  }
  return files;
}

/**
 * `jmm report`: computes a periodic report (issue 8, DESIGN.md §7) at the latest checkpoint, renders it as
 * HTML and PDF with @jmm/report, uploads both, signs `report.publish` with the secretariat's key and submits
 * it; @jmm/client verifies the inclusion proof of the answer, as for `jmm submit --key`.
 */
export async function runReport(url: string, flags: ReportFlags, output: CliOutput): Promise<void> {
  const period = parsePeriod(flags.period);
  const audience = parseAudience(flags.audience);
  const key = await readMemberKeyFile(flags.key);
  const { org, member } = key.file;
  if (org === undefined || member === undefined)
    throw new CliError('key_file', `${flags.key} does not say which org and member it belongs to`);
  const { client } = await connectClient(url, flags.logKey);
  const { draft, token } = await withClientErrors(async () => {
    const session = await client.signIn(key.signer);
    const drafted = await draftReport(client, {
      period: flags.period,
      audience,
      partial: flags.partial === true,
    });
    return { draft: drafted, token: session.token };
  });
  const files =
    flags.out === undefined
      ? []
      : await writeReportFiles(
          flags.out,
          `report-${flags.period}-${audience}`,
          await readDraftDocuments(url, draft, token),
        );
  const summary = {
    title: draft.body.title,
    audience,
    period: { start: period.start, end: period.end },
    checkpoint: draft.body.checkpoint,
    value_count: Object.keys(draft.body.metrics).length,
    documents: draft.body.documents,
    files,
  };
  if (flags.dryRun === true) {
    output.result(
      { ...summary, dry_run: true },
      () =>
        `Drafted ${summary.title} at checkpoint ${summary.checkpoint.tree_size} (${summary.value_count} values)${files.length > 0 ? `: ${files.join(', ')}` : ''}. Dry run: nothing submitted.`,
    );
    return;
  }
  const submitted = await withClientErrors(async () => {
    // The draft's documents are already stored: the log refuses a report listing one it does not hold.
    const statement = await client.composeStatement('report.publish', draft.body, {
      issuer: { org, member },
      audience: { kind: audience },
      issuedAt: new Date().toISOString(),
    });
    return client.submit(await signStatement(statement, key.signer));
  });
  const result = {
    ...summary,
    digest: submitted.digest,
    index: Number(submitted.index),
    log_time: submitted.logTime,
    duplicate: submitted.duplicate,
    verified: submitted.verified,
    documents: draft.body.documents.map((document) => ({
      ...document,
      url: new URL(`/api/v1/reports/documents/${document.sha256}`, url).toString(),
    })),
  };
  output.result(result, () =>
    [
      `${result.duplicate ? 'Already in the log' : 'Published'}: ${result.title}`,
      `  report.publish ${result.digest} at index ${result.index} (${result.log_time}); inclusion verified`,
      `  computed at checkpoint ${result.checkpoint.tree_size} (${result.value_count} values, checked by the log)`,
      ...result.documents.map((document) => `  ${document.media_type}: ${document.url}`),
      ...files.map((file) => `  written: ${file}`),
    ].join('\n'),
  );
}
