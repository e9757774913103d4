import type { CliOutput } from '../cli-output.ts';
import { createMemberKey, readMemberKeyFile, writeMemberKeyFile } from '../member-key-file.ts';

/** `jmm keys new`: a fresh Ed25519 key in a 0600 file; prints the public key to give to the org admin. */
export async function runKeysNew(
  options: { out: string; org?: string; member?: string },
  output: CliOutput,
): Promise<void> {
  const key = await createMemberKey({
    ...(options.org === undefined ? {} : { org: options.org }),
    ...(options.member === undefined ? {} : { member: options.member }),
  });
  await writeMemberKeyFile(options.out, key);
  output.result({ file: options.out, key_id: key.keyId, public_key: key.publicKey }, () =>
    [`Wrote ${options.out}`, `public key: ${key.publicKey}`, `key id:     ${key.keyId}`].join('\n'),
  );
}

/** `jmm keys show`: the public half of a key file. */
export async function runKeysShow(file: string, output: CliOutput): Promise<void> {
  const key = await readMemberKeyFile(file);
  output.result(
    {
      org: key.file.org ?? null,
      member: key.file.member ?? null,
      key_id: key.keyId,
      public_key: key.publicKey,
    },
    () =>
      [
        `member:     ${key.file.org ?? '?'}/${key.file.member ?? '?'}`,
        `public key: ${key.publicKey}`,
        `key id:     ${key.keyId}`,
      ].join('\n'),
  );
}
