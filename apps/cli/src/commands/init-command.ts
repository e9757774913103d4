import { access, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_SETTINGS, orgIdSchema, ORG_KINDS, signStatement, type OrgKind } from '@jmm/domain';
import { CliError } from '../cli-error.ts';
import type { CliOutput } from '../cli-output.ts';
import { createMemberKey, writeMemberKeyFile } from '../member-key-file.ts';
import { initializeMechanism, type ServerConfig } from '@jmm/mechanism';

export interface OrgSpec {
  readonly id: string;
  readonly kind: OrgKind;
  readonly name: string;
}

/** Whether `dataDir` already holds a mechanism (its mechanism.json). */
export async function holdsMechanism(dataDir: string): Promise<boolean> {
  try {
    await access(join(dataDir, 'mechanism.json'));
    return true;
  } catch {
    return false;
  }
}

/** Parses `--org id:kind:Name` (the name may contain colons). */
export function parseOrgSpec(text: string): OrgSpec {
  const [id = '', kind = '', ...nameParts] = text.split(':');
  const name = nameParts.join(':').trim();
  if (
    !orgIdSchema.safeParse(id).success ||
    !(ORG_KINDS as readonly string[]).includes(kind) ||
    name === '' ||
    name.length > 200
  ) {
    throw new CliError(
      'usage',
      `--org must be id:kind:Name with kind one of ${ORG_KINDS.join(', ')}, e.g. pk:party:"Pakistan liaison cell"; got ${JSON.stringify(text)}`,
    );
  }
  return { id, kind: kind as OrgKind, name };
}

/**
 * `jmm init`: a new mechanism in an empty data directory. Each organisation's first admin key is generated
 * and written to `<data>/keys/<org>-admin.key` (mode 0600) to hand to that organisation; the genesis is signed
 * by the secretariat's admin key, here, and sequenced as log entry 0.
 */
export async function runInit(
  config: ServerConfig,
  options: { origin: string; name: string; orgs: readonly OrgSpec[] },
  output: CliOutput,
): Promise<void> {
  const secretariat = options.orgs.find((org) => org.kind === 'secretariat');
  if (secretariat === undefined)
    throw new CliError('usage', 'one --org must be the secretariat (kind secretariat)');
  if (options.orgs.filter((org) => org.kind === 'party').length < 2)
    throw new CliError('usage', 'a mechanism needs at least two --org of kind party');
  if (await holdsMechanism(config.dataDir)) {
    throw new CliError('exists', `${config.dataDir} already holds a mechanism`);
  }
  const keys = await Promise.all(
    options.orgs.map((org) => createMemberKey({ org: org.id, member: 'admin' })),
  );
  // Keys first: if one is in the way, stop before anything of the mechanism exists. If the genesis then fails,
  // the keys we wrote are removed again, so a failed init leaves the directory as it found it.
  const files = options.orgs.map((org) => join(config.dataDir, 'keys', `${org.id}-admin.key`));
  const written: string[] = [];
  let result: Awaited<ReturnType<typeof initializeMechanism>>;
  try {
    for (const [i, file] of files.entries()) {
      await writeMemberKeyFile(file, keys[i]!);
      written.push(file);
    }
    result = await initializeMechanism(config, {
      origin: options.origin,
      signGenesis: (logVerifierKey) =>
        signStatement(
          {
            jmm: 1,
            type: 'mechanism.genesis',
            mechanism: options.origin,
            issuer: { org: secretariat.id, member: 'admin' },
            issued_at: new Date().toISOString(),
            audience: { kind: 'public' },
            refs: [],
            body: {
              origin: options.origin,
              name: options.name,
              log_vkey: logVerifierKey,
              orgs: options.orgs.map((org, i) => ({
                id: org.id,
                name: org.name,
                kind: org.kind,
                admins: [
                  {
                    member: 'admin',
                    display_name: `${org.name} administrator`,
                    roles: ['admin' as const],
                    public_key: keys[i]!.publicKey,
                  },
                ],
              })),
              settings: DEFAULT_SETTINGS,
            },
          },
          keys[options.orgs.indexOf(secretariat)]!.signer,
        ),
    });
  } catch (error) {
    await Promise.all(written.map((file) => rm(file, { force: true })));
    throw error;
  }
  output.result(
    { origin: options.origin, genesis: result.digest, checkpoint: result.checkpoint, admin_keys: files },
    () =>
      [
        `Created mechanism ${options.origin} in ${config.dataDir}`,
        `Genesis ${result.digest} at log index 0.`,
        'First admin keys (hand each to its organisation; keep them secret):',
        ...files.map((file) => `  ${file}`),
        `Serve it with: jmm serve --data ${config.dataDir}`,
      ].join('\n'),
  );
}
