import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { computeKeyId, decodeBase64, ed25519, encodeBase64, type Ed25519Signer } from '@jmm/core';
import { memberIdSchema, orgIdSchema } from '@jmm/domain';
import { z } from 'zod';
import { CliError } from './cli-error.ts';

/**
 * A member's private key on disk: JSON with the Ed25519 seed, written with mode 0600 and never overwritten.
 * The private key never leaves the member's machine (DESIGN.md §1.2); the server only ever sees the public key.
 */
const memberKeyFileSchema = z.strictObject({
  kind: z.literal('jmm-member-key'),
  version: z.literal(1),
  org: orgIdSchema.optional(),
  member: memberIdSchema.optional(),
  public_key: z.string(),
  key_id: z.string(),
  seed: z.string(),
});
export type MemberKeyFile = z.infer<typeof memberKeyFileSchema>;

export interface MemberKey {
  readonly file: MemberKeyFile;
  readonly signer: Ed25519Signer;
  readonly keyId: string;
  readonly publicKey: string;
}

const MAX_KEY_FILE_BYTES = 4096;

export async function createMemberKey(
  identity: { org?: string; member?: string },
  seed: Uint8Array = new Uint8Array(randomBytes(32)),
): Promise<MemberKey> {
  const signer = await ed25519.createSigner(seed);
  const publicKey = encodeBase64(signer.publicKey);
  const keyId = computeKeyId(signer.publicKey);
  const file: MemberKeyFile = {
    kind: 'jmm-member-key',
    version: 1,
    ...identity,
    public_key: publicKey,
    key_id: keyId,
    seed: encodeBase64(seed),
  };
  return { file, signer, keyId, publicKey };
}

/** Writes a key file with mode 0600, refusing to replace an existing file (a lost key cannot be recovered). */
export async function writeMemberKeyFile(path: string, key: MemberKey): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  let handle;
  try {
    handle = await open(path, 'wx', 0o600);
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'EEXIST')
      throw new CliError('exists', `${path} exists; refusing to overwrite a key`, { cause });
    throw new CliError('io', `cannot write ${path}`, { cause });
  }
  try {
    await handle.writeFile(`${JSON.stringify(key.file, null, 2)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function readMemberKeyFile(path: string): Promise<MemberKey> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new CliError('io', `cannot read key file ${path}`, { cause });
  }
  if (text.length > MAX_KEY_FILE_BYTES)
    throw new CliError('key_file', `${path} is not a JMM key file (too large)`);
  let parsed: MemberKeyFile;
  try {
    parsed = memberKeyFileSchema.parse(JSON.parse(text));
  } catch (cause) {
    throw new CliError('key_file', `${path} is not a JMM key file`, { cause });
  }
  let key: MemberKey;
  try {
    key = await createMemberKey(
      {
        ...(parsed.org === undefined ? {} : { org: parsed.org }),
        ...(parsed.member === undefined ? {} : { member: parsed.member }),
      },
      decodeBase64(parsed.seed),
    );
  } catch (cause) {
    throw new CliError('key_file', `${path} holds a malformed seed`, { cause });
  }
  if (key.publicKey !== parsed.public_key || key.keyId !== parsed.key_id) {
    throw new CliError('key_file', `${path} is inconsistent: its public key does not match its seed`);
  }
  return key;
}
