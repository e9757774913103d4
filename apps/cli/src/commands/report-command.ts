import { mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import { encodeBase64 } from '@jmm/core';
import type { JmmClient } from '@jmm/client';
import {
  metricsResultSchema,
  REPORT_AUDIENCES,
  signStatement,
  type MetricPeriod,
  type MetricsResult,
  type ReportAudience,
} from '@jmm/domain';
import { CliError } from '../cli-error.ts';
import type { CliOutput } from '../cli-output.ts';
import { readMemberKeyFile } from '../member-key-file.ts';
import {
  isReportError,
  parseReportPeriod,
  prepareReport,
  type PreparedReport,
  type ReportInput,
} from '@jmm/report';
import {
  readReportFindings,
  readReportIncidents,
  type ReportSourceScope,
} from '../report/read-report-sources.ts';
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
It is computed at the log's latest witnessed checkpoint (verified against the log key) with the metrics its
audience gets there (GET /api/v1/metrics?audience=), which are the numbers the log recomputes and requires
before it accepts the report.publish. A period that has not ended at the checkpoint is refused unless
--partial (its numbers may still change). The key must be a secretariat approver's or admin's: the report's
HTML and PDF are uploaded, then the signed report.publish lists their SHA-256 digests. --dry-run renders (and
with --out writes) the documents and submits nothing. Files in --out are never overwritten.`;

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

function parseMetrics(value: unknown): MetricsResult {
  const parsed = metricsResultSchema.safeParse(value);
  if (!parsed.success)
    throw new CliError('server', 'the server answered metrics that are not a MetricsResult');
  return parsed.data;
}

/**
 * Computes the report at the latest checkpoint the client verified: the metrics are asked for at exactly
 * that tree size, and the answer must name that checkpoint's root hash, so the report cites a checkpoint
 * the log signed and the numbers the log will check against it.
 */
async function computeReport(
  member: JmmClient,
  anonymous: JmmClient,
  options: { period: MetricPeriod; audience: ReportAudience; partial: boolean; url: string; logKey: string },
): Promise<PreparedReport> {
  const { period, audience } = options;
  const info = await member.mechanism();
  const checkpoint = await member.readLatestCheckpoint();
  const answer = await member.readMetrics({
    period: period.kind,
    at: period.start,
    size: Number(checkpoint.treeSize),
    audience,
  });
  if (
    answer.checkpoint.tree_size !== Number(checkpoint.treeSize) ||
    answer.checkpoint.root_hash !== encodeBase64(checkpoint.rootHash)
  )
    throw new CliError('server', 'the metrics were not computed at the checkpoint the log signed');
  const metrics = parseMetrics(answer.metrics);
  const logTime = answer.checkpoint.log_time;
  const scope: ReportSourceScope = {
    audience,
    period,
    treeSize: Number(checkpoint.treeSize),
    logTime,
  };
  // A public report's map is read as the public reads it: at the public precision, public incidents only.
  const incidents = await readReportIncidents(audience === 'public' ? anonymous : member, scope);
  const findings = await readReportFindings(audience === 'public' ? anonymous : member, scope);
  const input: ReportInput = {
    mechanismName: info.name,
    synthetic: info.synthetic,
    audience,
    period,
    checkpoint: {
      tree_size: Number(checkpoint.treeSize),
      root_hash: answer.checkpoint.root_hash,
      log_time: logTime,
    },
    log: { origin: info.origin, url: options.url, verifier_key: options.logKey },
    metrics,
    publicLocationPrecisionM: info.settings.public_location_precision_m,
    incidents,
    findings,
    partyNames: Object.fromEntries(info.orgs.map((org) => [org.id, org.name])),
  };
  try {
    return await prepareReport(input, { partial: options.partial });
  } catch (error) {
    if (!isReportError(error, 'period_not_ended')) throw error;
    throw new CliError(
      'usage',
      Date.parse(period.start) > Date.parse(logTime)
        ? error.message
        : `${error.message}. Wait until it ends, or give --partial to publish them as they stand`,
      { cause: error },
    );
  }
}

/** Writes the rendered documents into `dir` as `report-<period>-<audience>.{pdf,html}`, never overwriting. */
async function writeReportFiles(dir: string, name: string, rendered: PreparedReport): Promise<string[]> {
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
  const { client, info } = await connectClient(url, flags.logKey);
  const { client: anonymous } = await connectClient(url, flags.logKey);
  const rendered = await withClientErrors(async () => {
    await client.signIn(key.signer);
    return computeReport(client, anonymous, {
      period,
      audience,
      partial: flags.partial === true,
      url,
      logKey: flags.logKey ?? info.log_vkey,
    });
  });
  const files =
    flags.out === undefined
      ? []
      : await writeReportFiles(flags.out, `report-${flags.period}-${audience}`, rendered);
  const summary = {
    title: rendered.model.title,
    audience,
    period: { start: period.start, end: period.end, complete: rendered.model.period.complete },
    checkpoint: rendered.model.checkpoint,
    value_count: Object.keys(rendered.model.values).length,
    documents: rendered.documents,
    files,
  };
  if (flags.dryRun === true) {
    output.result(
      { ...summary, dry_run: true },
      () =>
        `Rendered ${summary.title} at checkpoint ${summary.checkpoint.tree_size} (${summary.value_count} values)${files.length > 0 ? `: ${files.join(', ')}` : ''}. Dry run: nothing uploaded or submitted.`,
    );
    return;
  }
  const submitted = await withClientErrors(async () => {
    // Uploaded first: the log refuses a report listing a document it does not store.
    await client.uploadReportDocument(rendered.pdf, 'application/pdf');
    await client.uploadReportDocument(rendered.html, 'text/html');
    const statement = await client.composeStatement('report.publish', rendered.body, {
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
    documents: rendered.documents.map((document) => ({
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
