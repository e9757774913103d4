import { open, readFile } from 'node:fs/promises';
import { computeEnvelopeDigest, encodeBase64, type Envelope } from '@jmm/core';
import {
  composeStatement,
  createJmmClient,
  isClientError,
  type ClientError,
  type JmmClient,
  type MechanismInfo,
} from '@jmm/client';
import {
  allowedAudiencesOf,
  audienceSchema,
  memberIdSchema,
  orgIdSchema,
  refSchema,
  signStatement,
  STATEMENT_TYPES,
  type Audience,
  type Ref,
  type Settings,
  type Statement,
  type StatementType,
} from '@jmm/domain';
import { CliError } from '../cli-error.ts';
import type { CliOutput } from '../cli-output.ts';
import { readMemberKeyFile, type MemberKey } from '../member-key-file.ts';

const MAX_BODY_FILE_BYTES = 256 * 1024;
const REQUEST_TIMEOUT_MS = 60_000;

/** The flags `jmm statement new` and `jmm submit --key` share. */
export interface ComposeFlags {
  readonly type: string;
  readonly key: string;
  readonly body: string;
  readonly audience?: string;
  readonly ref?: readonly string[];
  readonly issuer?: string;
}

export const STATEMENT_HELP = `
Audience: public (coarsened to the mechanism's public precision, which needs --server), mechanism (default;
public for the membership and rule-change types, which must be public), or orgs:a,b for the named
organisations only. A ref is rel:digest, e.g. responds_to:sha256:<64 hex>.
Every problem with the flags, the body and the statement's schema is reported at once.`;

/** `--ref rel:digest`, repeatable. */
export function collectRef(value: string, previous: readonly string[] = []): string[] {
  return [...previous, value];
}

function parseAudience(
  text: string | undefined,
  type: StatementType | undefined,
  problems: string[],
): Audience | undefined {
  // Without --audience, a type that cannot be mechanism-wide (AUDIENCE_RULES: membership) is public.
  if (text === undefined)
    return type === undefined || allowedAudiencesOf(type).includes('mechanism')
      ? { kind: 'mechanism' }
      : { kind: 'public' };
  if (text === 'mechanism') return { kind: 'mechanism' };
  if (text === 'public') return { kind: 'public' };
  if (text.startsWith('orgs:')) {
    const result = audienceSchema.safeParse({ kind: 'orgs', orgs: text.slice('orgs:'.length).split(',') });
    if (result.success) return result.data;
  }
  problems.push(
    `--audience must be public, mechanism or orgs:a,b (known org ids), not ${JSON.stringify(text)}`,
  );
  return undefined;
}

function parseRefs(texts: readonly string[], problems: string[]): Ref[] {
  const refs: Ref[] = [];
  for (const text of texts) {
    const colon = text.indexOf(':');
    const result = refSchema.safeParse({ rel: text.slice(0, colon), digest: text.slice(colon + 1) });
    if (colon > 0 && result.success) refs.push(result.data);
    else
      problems.push(`--ref must be rel:sha256:<64 hex> with a known relation, not ${JSON.stringify(text)}`);
  }
  return refs;
}

function parseIssuer(flag: string | undefined, key: MemberKey | undefined, problems: string[]) {
  const [org, member, extra] = flag?.split('/') ?? [key?.file.org, key?.file.member];
  if (flag === undefined && key !== undefined && (org === undefined || member === undefined)) {
    problems.push('the key file does not say which org and member it belongs to: give --issuer org/member');
    return undefined;
  }
  if (flag === undefined) return undefined;
  if (
    extra !== undefined ||
    !orgIdSchema.safeParse(org).success ||
    !memberIdSchema.safeParse(member).success
  ) {
    problems.push(`--issuer must be org/member, not ${JSON.stringify(flag)}`);
    return undefined;
  }
  return { org: org!, member: member! };
}

async function readBody(file: string, problems: string[]): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    problems.push(`cannot read --body ${file}`);
    return undefined;
  }
  if (text.length > MAX_BODY_FILE_BYTES) {
    problems.push(`--body ${file} is larger than a statement may be`);
    return undefined;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    problems.push(`--body ${file} is not JSON`);
    return undefined;
  }
}

async function readKey(file: string, problems: string[]): Promise<MemberKey | undefined> {
  try {
    return await readMemberKeyFile(file);
  } catch (error) {
    if (error instanceof CliError) problems.push(error.message);
    else throw error;
    return undefined;
  }
}

/** A ClientError in the CLI's terms: refusals and unverifiable answers are the server's (exit code 5). */
function toCliError(error: ClientError): CliError {
  switch (error.code) {
    case 'invalid_statement':
    case 'invalid_argument':
      return new CliError('usage', error.message, { cause: error, detail: error.detail });
    case 'problem':
      return new CliError(
        'server',
        `${error.problem?.status ?? ''} ${error.problem?.code ?? 'error'}: ${error.problem?.detail ?? ''}`,
        { cause: error, detail: error.problem?.document },
      );
    case 'network_error':
    case 'invalid_response':
    case 'not_signed_in':
      return new CliError('server', error.message, { cause: error });
    case 'checkpoint_invalid':
    case 'proof_invalid':
    case 'entry_mismatch':
    case 'split_view':
      return new CliError('server', `the server's answer does not verify (${error.code}): ${error.message}`, {
        cause: error,
      });
  }
}

export async function withClientErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw isClientError(error) ? toCliError(error) : error;
  }
}

function timedFetch(url: string, init: RequestInit): Promise<Response> {
  return fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
}

/** GET /api/v1/mechanism, before there is anything to verify with. */
async function fetchMechanism(server: string): Promise<MechanismInfo> {
  let url: URL;
  try {
    url = new URL('/api/v1/mechanism', server);
  } catch (cause) {
    throw new CliError('usage', `--server must be a URL such as http://localhost:8080, not ${server}`, {
      cause,
    });
  }
  let response: Response;
  try {
    response = await timedFetch(url.toString(), {});
  } catch (cause) {
    throw new CliError('server', `cannot reach ${url.origin}`, { cause });
  }
  if (!response.ok) throw new CliError('server', `GET /api/v1/mechanism answered ${response.status}`);
  const info = (await response.json()) as Partial<MechanismInfo>;
  if (typeof info.origin !== 'string' || typeof info.log_vkey !== 'string')
    throw new CliError('server', 'the server did not say its origin and log key');
  return info as MechanismInfo;
}

/**
 * A client that verifies every answer against the log key: the one given with --log-key, else the one the
 * server states (trust on first use; pin it with --log-key to detect a server that changed its key).
 */
export async function connectClient(
  server: string,
  logKey?: string,
): Promise<{ client: JmmClient; info: MechanismInfo }> {
  const info = await fetchMechanism(server);
  const client = await withClientErrors(() =>
    Promise.resolve(
      createJmmClient({
        baseUrl: server,
        fetch: timedFetch,
        trust: { origin: info.origin, logVerifierKey: logKey ?? info.log_vkey },
      }),
    ),
  );
  return { client, info };
}

/** Reads the flags and files, composes and signs; every problem found is reported together. */
async function composeAndSign(
  flags: ComposeFlags,
  mechanism: { origin: string | undefined; settings: Settings | undefined },
): Promise<{ statement: Statement; envelope: Envelope }> {
  const problems: string[] = [];
  const type = (STATEMENT_TYPES as readonly string[]).includes(flags.type)
    ? (flags.type as StatementType)
    : undefined;
  if (type === undefined)
    problems.push(
      `unknown statement type ${JSON.stringify(flags.type)}; one of ${STATEMENT_TYPES.join(', ')}`,
    );
  const key = await readKey(flags.key, problems);
  const body = await readBody(flags.body, problems);
  const audience = parseAudience(flags.audience, type, problems);
  const refs = parseRefs(flags.ref ?? [], problems);
  const issuer =
    parseIssuer(flags.issuer, key, problems) ??
    (key?.file.org !== undefined && key.file.member !== undefined
      ? { org: key.file.org, member: key.file.member }
      : undefined);
  if (mechanism.origin === undefined)
    problems.push('give --server (or --mechanism ORIGIN) to name the mechanism');
  if (audience?.kind === 'public' && mechanism.settings === undefined)
    problems.push("a public statement needs --server, to coarsen it to the mechanism's public precision");

  let statement: Statement | undefined;
  if (
    type !== undefined &&
    body !== undefined &&
    audience !== undefined &&
    issuer !== undefined &&
    mechanism.origin !== undefined
  ) {
    try {
      statement = composeStatement(type, body as never, {
        issuer,
        audience,
        refs,
        issuedAt: new Date().toISOString(),
        mechanism: mechanism.origin,
        ...(mechanism.settings === undefined ? {} : { settings: mechanism.settings }),
      });
    } catch (error) {
      if (!isClientError(error)) throw error;
      const issues = (error.detail?.issues ?? []) as { path: string; message: string }[];
      if (issues.length === 0) problems.push(error.message);
      for (const issue of issues) problems.push(`${issue.path || 'statement'}: ${issue.message}`);
    }
  }
  if (problems.length > 0 || statement === undefined || key === undefined) {
    throw new CliError('usage', `cannot compose the statement:\n  ${problems.join('\n  ')}`, {
      detail: { problems },
    });
  }
  return { statement, envelope: await signStatement(statement, key.signer) };
}

/** `jmm statement new`: composes, validates and signs a statement; writes the envelope JSON. */
export async function runStatementNew(
  flags: ComposeFlags & { server?: string; mechanism?: string; out?: string },
  output: CliOutput,
): Promise<void> {
  const info = flags.server === undefined ? undefined : await fetchMechanism(flags.server);
  const { statement, envelope } = await composeAndSign(flags, {
    origin: info?.origin ?? flags.mechanism,
    settings: info?.settings,
  });
  const digest = computeEnvelopeDigest(envelope);
  const text = `${JSON.stringify(envelope, null, 2)}\n`;
  if (flags.out === undefined) {
    // The envelope is the result; with --json it is the one JSON document printed.
    output.result(envelope, () => text.trimEnd());
    return;
  }
  let handle;
  try {
    handle = await open(flags.out, 'wx');
  } catch (cause) {
    throw new CliError('exists', `cannot create ${flags.out} (it may exist already)`, { cause });
  }
  try {
    await handle.writeFile(text);
  } finally {
    await handle.close();
  }
  output.result(
    { file: flags.out, digest, type: statement.type },
    () => `Wrote ${flags.out}: ${statement.type} ${digest}`,
  );
}

/** `jmm submit --key`: composes, signs and submits through @jmm/client, which verifies the inclusion proof. */
export async function runSubmitComposed(
  flags: ComposeFlags & { server: string; logKey?: string },
  output: CliOutput,
): Promise<void> {
  const { client, info } = await connectClient(flags.server, flags.logKey);
  const { envelope } = await composeAndSign(flags, { origin: info.origin, settings: info.settings });
  const submitted = await withClientErrors(() => client.submit(envelope));
  const result = {
    digest: submitted.digest,
    index: Number(submitted.index),
    log_time: submitted.logTime,
    duplicate: submitted.duplicate,
    verified: submitted.verified,
    tree_size: Number(submitted.checkpoint.treeSize),
    root_hash: encodeBase64(submitted.checkpoint.rootHash),
  };
  output.result(
    result,
    () =>
      `${result.duplicate ? 'Already in the log' : 'Sequenced'}: ${result.digest} at index ${result.index} (${result.log_time}); inclusion verified under checkpoint ${result.tree_size}`,
  );
}
