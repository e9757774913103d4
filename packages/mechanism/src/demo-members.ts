import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeBase64 } from '@jmm/core';
import { memberIdSchema, orgIdSchema, roleSchema, type Role } from '@jmm/domain';
import { z } from 'zod';
import { MechanismError } from './mechanism-error.ts';

/** Written by `jmm demo` (apps/cli/src/demo/create-demo-mechanism.ts) beside the mechanism's other files. */
export const DEMO_KEYS_FILE = 'demo-keys.json';
/** A demo has some dozens of members; a file past this is not one `jmm demo` wrote. */
const MAX_DEMO_KEYS_BYTES = 1024 * 1024;

/** A demonstration member and its private key seed: public by design, since all demo data is synthetic. */
export interface DemoMember {
  readonly org: string;
  readonly member: string;
  readonly displayName: string;
  readonly roles: readonly Role[];
  /** The Ed25519 private key seed, standard base64 (32 bytes). */
  readonly seed: string;
  /** The public key, standard base64. */
  readonly publicKey: string;
}

const base64Of32Bytes = z.string().refine(
  (text) => {
    try {
      return decodeBase64(text).length === 32;
    } catch {
      return false;
    }
  },
  { error: '32 bytes in standard base64' },
);

const demoKeysFileSchema = z.object({
  synthetic: z.literal(true),
  keys: z
    .array(
      z.object({
        org: orgIdSchema,
        member: memberIdSchema,
        display_name: z.string().max(200),
        roles: z.array(roleSchema).max(10),
        seed: base64Of32Bytes,
        public_key: base64Of32Bytes,
      }),
    )
    .max(1000),
});

/**
 * The demo members of the mechanism in `dataDir`, or undefined when it holds no demo-keys.json (a real
 * mechanism). Read once when the mechanism opens, never on a request; a file that is too large or malformed is
 * an error at start, not a silently missing sign-in list.
 */
export async function readDemoMembers(dataDir: string): Promise<readonly DemoMember[] | undefined> {
  let text: string;
  try {
    const handle = await open(join(dataDir, DEMO_KEYS_FILE), 'r');
    try {
      if ((await handle.stat()).size > MAX_DEMO_KEYS_BYTES)
        throw new MechanismError(
          'invalid_request',
          `${DEMO_KEYS_FILE} is larger than ${MAX_DEMO_KEYS_BYTES} bytes`,
        );
      text = await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let parsed: z.infer<typeof demoKeysFileSchema>;
  try {
    parsed = demoKeysFileSchema.parse(JSON.parse(text));
  } catch (cause) {
    throw new MechanismError('invalid_request', `${DEMO_KEYS_FILE} is not a demo key file`, { cause });
  }
  return parsed.keys.map((key) => ({
    org: key.org,
    member: key.member,
    displayName: key.display_name,
    roles: key.roles,
    seed: key.seed,
    publicKey: key.public_key,
  }));
}
