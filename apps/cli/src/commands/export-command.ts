import { open } from 'node:fs/promises';
import { createHttpLogSource, writeAuditBundle } from '@jmm/audit';
import { CliError } from '../cli-error.ts';
import type { CliOutput } from '../cli-output.ts';
import { readMemberKeyFile } from '../member-key-file.ts';
import { connectClient, withClientErrors } from './statement-command.ts';
import { toCliError } from './verify-command.ts';

export const EXPORT_FORMATS = ['csv', 'geojson', 'stix', 'bundle'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Where each format is served (apps/server exports.routes.ts). */
const EXPORT_PATHS: Readonly<Record<Exclude<ExportFormat, 'bundle'>, string>> = {
  csv: '/api/v1/exports/incidents.csv',
  geojson: '/api/v1/exports/incidents.geojson',
  stix: '/api/v1/exports/stix.json',
};

/** An export larger than this is refused rather than held in memory (the server caps exports at 5,000 incidents). */
const MAX_EXPORT_BYTES = 256 * 1024 * 1024;
const EXPORT_TIMEOUT_MS = 300_000;

export const EXPORT_HELP = `
Formats: csv (RFC 4180, ACLED column names plus jmm_* columns; \`jmm import\` reads it back), geojson (RFC 7946),
stix (a STIX 2.1 bundle with TLP 2.0 markings), bundle (an audit bundle for \`jmm verify --bundle\`).
Without --key you get the public export: public incidents only, coarsened, without member ids. With --key you
sign in and get what your organisation may read. --filter takes the filters of GET /api/v1/incidents, e.g.
--filter kind=allegation --filter from=2026-01-01T00:00:00Z. An existing --out file is never overwritten.`;

/** `--filter name=value`, repeatable. */
export function collectFilter(value: string, previous: readonly string[] = []): string[] {
  return [...previous, value];
}

async function signedInToken(server: string, keyFile: string | undefined): Promise<string | undefined> {
  if (keyFile === undefined) return undefined;
  const key = await readMemberKeyFile(keyFile);
  const { client } = await connectClient(server);
  const session = await withClientErrors(() => client.signIn(key.signer));
  return session.token;
}

async function fetchExport(server: string, path: string, query: URLSearchParams, token: string | undefined) {
  let url: URL;
  try {
    url = new URL(path, server);
  } catch (cause) {
    throw new CliError('usage', `the server must be a URL such as http://localhost:8080, not ${server}`, {
      cause,
    });
  }
  url.search = query.toString();
  let response: Response;
  try {
    response = await fetch(url, {
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(EXPORT_TIMEOUT_MS),
    });
  } catch (cause) {
    throw new CliError('server', `cannot reach ${url.origin}: ${(cause as Error).message}`, { cause });
  }
  const body = await response.text();
  if (body.length > MAX_EXPORT_BYTES)
    throw new CliError('server', 'the server answered with an oversized export');
  if (!response.ok) {
    let detail = body;
    try {
      const problem = JSON.parse(body) as { code?: string; detail?: string };
      detail = `${problem.code ?? 'error'}: ${problem.detail ?? ''}`;
    } catch {
      // Not a problem document: the text is the detail.
    }
    throw new CliError('server', `GET ${path} answered ${response.status} ${detail}`);
  }
  return { body, truncated: response.headers.get('jmm-export-truncated') === 'true' };
}

function parseFilters(filters: readonly string[]): URLSearchParams {
  const query = new URLSearchParams();
  for (const filter of filters) {
    const equals = filter.indexOf('=');
    if (equals <= 0)
      throw new CliError('usage', `--filter must be name=value, not ${JSON.stringify(filter)}`);
    query.append(filter.slice(0, equals), filter.slice(equals + 1));
  }
  return query;
}

/**
 * `jmm export --format bundle`: an audit bundle (docs/audit-bundle.md) of the log as of its latest checkpoint,
 * with the envelopes the caller may read, for `jmm verify --bundle` to check offline.
 */
async function exportAuditBundle(
  server: string,
  options: { out: string; key?: string; filter?: readonly string[] },
  output: CliOutput,
): Promise<void> {
  if ((options.filter ?? []).length > 0)
    throw new CliError('usage', 'an audit bundle holds the whole log: --filter does not apply');
  const member = options.key === undefined ? undefined : await readMemberKeyFile(options.key);
  if (member !== undefined && (member.file.org === undefined || member.file.member === undefined))
    throw new CliError('key_file', `${options.key} does not say which org and member it belongs to`);
  const source = createHttpLogSource(server, {
    ...(member === undefined
      ? {}
      : { signer: member.signer, signerName: `${member.file.org}/${member.file.member}` }),
  });
  let summary;
  try {
    summary = await writeAuditBundle(source, options.out);
  } catch (error) {
    throw toCliError(error);
  }
  output.result(
    { format: 'bundle', ...summary },
    () =>
      `Wrote the audit bundle ${options.out}: tree size ${summary.treeSize}, ${summary.checkpoints} checkpoints, ` +
      `${summary.envelopes} envelopes readable by ${summary.reader}`,
  );
}

/** `jmm export`: writes what the server exports for the caller (public, or signed in with --key) to --out. */
export async function runExport(
  server: string,
  options: { format: ExportFormat; out: string; key?: string; filter?: readonly string[] },
  output: CliOutput,
): Promise<void> {
  if (options.format === 'bundle') {
    await exportAuditBundle(server, options, output);
    return;
  }
  const query = parseFilters(options.filter ?? []);
  const token = await signedInToken(server, options.key);
  const { body, truncated } = await fetchExport(server, EXPORT_PATHS[options.format], query, token);
  let handle;
  try {
    handle = await open(options.out, 'wx');
  } catch (cause) {
    throw new CliError('exists', `cannot create ${options.out} (it may exist already)`, { cause });
  }
  try {
    await handle.writeFile(body);
    await handle.sync();
  } finally {
    await handle.close();
  }
  const result = { file: options.out, format: options.format, bytes: Buffer.byteLength(body), truncated };
  output.result(
    result,
    () =>
      `Wrote ${options.out} (${options.format}, ${result.bytes} bytes)${truncated ? '; the server cut the export at its limit: narrow it with --filter' : ''}`,
  );
}
