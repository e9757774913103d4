import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** apps/web/test-output/: what the e2e tests leave for a person to look at (gitignored; nothing compares it). */
export const TEST_OUTPUT_DIR = fileURLToPath(new URL('../test-output/', import.meta.url));

/**
 * `test-output/<folder>/<name><extension>`, creating the folder. `name` is reduced to lower-case letters,
 * digits, `.`, `_` and `-`, so a test title or a URL path can be used as it is.
 */
export async function testOutputPath(folder: string, name: string, extension: string): Promise<string> {
  const fileName = name
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (fileName === '') throw new Error(`${JSON.stringify(name)} is not a usable file name`);
  const dir = join(TEST_OUTPUT_DIR, folder);
  await mkdir(dir, { recursive: true });
  return join(dir, `${fileName}${extension}`);
}
