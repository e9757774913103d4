import { readFile } from 'node:fs/promises';
import { signStatement, type Role, type Statement } from '@jmm/domain';
import { CliError } from '../cli-error.ts';
import type { CliOutput } from '../cli-output.ts';
import { readMemberKeyFile } from '../member-key-file.ts';
import { postJson } from '../server-client.ts';
import { connectClient, withClientErrors } from './statement-command.ts';

const MAX_SUBMISSION_FILE_BYTES = 4 * 1024 * 1024;

interface Sequenced {
  readonly digest: string;
  readonly index: number;
  readonly log_time: string;
  readonly duplicate: boolean;
}

function describeSequenced(result: Sequenced): string {
  return `${result.duplicate ? 'Already in the log' : 'Sequenced'}: ${result.digest} at index ${result.index} (${result.log_time})`;
}

/** `jmm submit FILE`: sends a signed envelope (or `{ "envelopes": [...] }`) from a file, unchanged. */
export async function runSubmit(file: string, options: { server: string }, output: CliOutput): Promise<void> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new CliError('io', `cannot read ${file}`, { cause });
  }
  if (text.length > MAX_SUBMISSION_FILE_BYTES)
    throw new CliError('usage', `${file} is larger than a submission may be`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (cause) {
    throw new CliError('usage', `${file} is not JSON`, { cause });
  }
  const result = await postJson(options.server, '/api/v1/statements', body);
  output.result(result, () => {
    const batch = result as { results?: (Sequenced | { error: { code: string; detail: string } })[] };
    if (batch.results === undefined) return describeSequenced(result as Sequenced);
    return batch.results
      .map((item) =>
        'error' in item ? `Rejected: ${item.error.code}: ${item.error.detail}` : describeSequenced(item),
      )
      .join('\n');
  });
}

/**
 * `jmm member enroll`: the admin's key file signs a public member.enroll, submitted through @jmm/client, which
 * verifies the answer's inclusion proof against the log's signed checkpoint; the answer is printed as sent,
 * so a script can verify it again.
 */
export async function runMemberEnroll(
  options: {
    server: string;
    key: string;
    member: string;
    roles: readonly Role[];
    publicKey: string;
    displayName: string;
  },
  output: CliOutput,
): Promise<void> {
  const admin = await readMemberKeyFile(options.key);
  const { org, member } = admin.file;
  if (org === undefined || member === undefined)
    throw new CliError('key_file', `${options.key} does not say which org and member it belongs to`);
  const { client, info } = await connectClient(options.server);
  const statement: Statement = {
    jmm: 1,
    type: 'member.enroll',
    mechanism: info.origin,
    issuer: { org, member },
    issued_at: new Date().toISOString(),
    // Enrolments are public (AUDIENCE_RULES), so anyone can check the member's public signatures; the
    // display name is therefore a role title, never a personal name.
    audience: { kind: 'public' },
    refs: [],
    body: {
      member: options.member,
      display_name: options.displayName,
      roles: [...options.roles],
      public_key: options.publicKey,
    },
  };
  const { answer } = await withClientErrors(async () =>
    client.submit(await signStatement(statement, admin.signer)),
  );
  output.result(answer, () => `Enrolled ${org}/${options.member}. ${describeSequenced(answer)}`);
}
