import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { isCoreError } from '@jmm/core';
import { isDomainError, roleSchema, type Role } from '@jmm/domain';
import { ServerError } from '@jmm/server';
import { MechanismError } from '@jmm/mechanism';
import { CliError, EXIT_CODES } from './cli-error.ts';
import { createCliOutput, type CliOutput } from './cli-output.ts';
import { runDemo } from './commands/demo-command.ts';
import { parseOrgSpec, runInit, type OrgSpec } from './commands/init-command.ts';
import { runKeysNew, runKeysShow } from './commands/keys-command.ts';
import { REBUILD_HELP, runRebuild } from './commands/rebuild-command.ts';
import { runServe } from './commands/serve-command.ts';
import {
  collectRef,
  runStatementNew,
  runSubmitComposed,
  STATEMENT_HELP,
  type ComposeFlags,
} from './commands/statement-command.ts';
import { runMemberEnroll, runSubmit } from './commands/submit-command.ts';
import {
  collectFilter,
  EXPORT_FORMATS,
  EXPORT_HELP,
  runExport,
  type ExportFormat,
} from './commands/export-command.ts';
import { IMPORT_HELP, runImport } from './commands/import-command.ts';
import { addWitnessCommands } from './commands/witness-command.ts';
import { runVerify, VERIFY_HELP, type VerifyFlags } from './commands/verify-command.ts';
import { REPORT_HELP, runReport, type ReportFlags } from './commands/report-command.ts';
import { parseServerConfig, type ServerConfig } from '@jmm/mechanism';

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Where SIGINT/SIGTERM arrive (the process, or a test's emitter). */
  readonly signals: NodeJS.EventEmitter;
}

const DEFAULT_DEMO_SEED = 'jmm-demo-1';

function collectOrg(value: string, previous: OrgSpec[]): OrgSpec[] {
  try {
    return [...previous, parseOrgSpec(value)];
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

function parseRoles(value: string): Role[] {
  const roles = value.split(',').map((role) => role.trim());
  for (const role of roles) {
    if (!roleSchema.safeParse(role).success)
      throw new InvalidArgumentError(`unknown role ${JSON.stringify(role)}`);
  }
  return roles as Role[];
}

/** Server flags shared by init, serve and demo: commander's camelCase keys become the config's flag names. */
function serverConfig(options: Record<string, unknown>, env: NodeJS.ProcessEnv): ServerConfig {
  const flags: Record<string, string | undefined> = {
    data: options.data as string | undefined,
    port: options.port as string | undefined,
    host: options.host as string | undefined,
    'database-url': options.databaseUrl as string | undefined,
    'log-level': options.logLevel as string | undefined,
    'web-root': options.webRoot as string | undefined,
    'witness-interval': options.witnessInterval as string | undefined,
    'advertise-url': options.advertiseUrl as string | undefined,
  };
  return parseServerConfig(flags, env);
}

function withServerOptions(command: Command): Command {
  return command
    .option('--data <dir>', 'data directory (JMM_DATA)', undefined)
    .option(
      '--database-url <url>',
      'PostgreSQL URL instead of the embedded SQLite database (JMM_DATABASE_URL)',
    );
}

function describeError(error: unknown): { code: keyof typeof EXIT_CODES; message: string } {
  if (error instanceof CliError) return { code: error.code, message: error.message };
  if (error instanceof ServerError || error instanceof MechanismError) {
    const code =
      error.code === 'not_found' ? 'not_initialised' : error.code === 'already_exists' ? 'exists' : 'usage';
    return { code, message: error.message };
  }
  if (isDomainError(error) || isCoreError(error))
    return { code: 'usage', message: `${error.code}: ${error.message}` };
  return {
    code: 'internal',
    message: error instanceof Error ? (error.stack ?? error.message) : String(error),
  };
}

/** Runs `jmm` with `argv` (as process.argv) and resolves the exit code; never exits the process itself. */
export async function runCli(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  io: CliIo = {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    signals: process,
  },
): Promise<number> {
  let output: CliOutput = createCliOutput(false, io.stdout, io.stderr);
  const program = new Command('jmm')
    .description('JMM: joint monitoring and verification mechanism')
    .option('--json', 'print results as JSON, for scripts')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .hook('preAction', (command) => {
      output = createCliOutput(
        command.optsWithGlobals<{ json?: boolean }>().json === true,
        io.stdout,
        io.stderr,
      );
    });

  withServerOptions(
    program.command('init').description('create a new mechanism: log key, genesis, first admin keys'),
  )
    .requiredOption('--origin <origin>', 'the log origin, e.g. jmm.example.org/pak-afg')
    .option('--name <name>', 'human name of the mechanism')
    .option(
      '--org <id:kind:Name>',
      'an organisation (repeat); one secretariat and at least two parties',
      collectOrg,
      [],
    )
    .action(async (options: { origin: string; name?: string; org: OrgSpec[] } & Record<string, unknown>) => {
      await runInit(
        serverConfig(options, env),
        { origin: options.origin, name: options.name ?? options.origin, orgs: options.org },
        output,
      );
    });

  withServerOptions(program.command('serve').description('serve a mechanism over HTTP'))
    .option('--port <port>', 'TCP port (JMM_PORT)', undefined)
    .option('--host <host>', 'address to listen on (JMM_HOST); 127.0.0.1 by default')
    .addOption(
      new Option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent (JMM_LOG_LEVEL)'),
    )
    .option(
      '--web-root <dir>',
      'the built web app to serve at / (JMM_WEB_ROOT); by default the build of apps/web beside the CLI',
    )
    .option(
      '--witness-interval <ms>',
      'ask the witnesses to cosign the newest checkpoint at most this often (JMM_WITNESS_INTERVAL); 1000 by default',
    )
    .option(
      '--advertise-url <url>',
      'on PostgreSQL: where the other processes serving the log reach this one (JMM_ADVERTISE_URL); the listening URL by default',
    )
    .option('--demo-if-empty', 'create the demonstration mechanism first if the data directory is empty')
    .option('--seed <seed>', 'seed of the demonstration keys and activity', DEFAULT_DEMO_SEED)
    .action(async (options: { demoIfEmpty?: boolean; seed: string } & Record<string, unknown>) => {
      await runServe(
        serverConfig(options, env),
        { demoIfEmpty: options.demoIfEmpty === true, seed: options.seed },
        output,
        io.signals,
      );
    });

  withServerOptions(
    program.command('demo').description('create the demonstration mechanism (synthetic data) and exit'),
  )
    .option('--seed <seed>', 'seed of the demonstration keys and activity', DEFAULT_DEMO_SEED)
    .action(async (options: { seed: string } & Record<string, unknown>) => {
      await runDemo(serverConfig(options, env), { seed: options.seed }, output);
    });

  const keys = program.command('keys').description('member keys');
  keys
    .command('new')
    .description('generate a key into a new file (mode 0600)')
    .requiredOption('--out <file>', 'where to write the key')
    .option('--org <org>', 'the organisation the key is for')
    .option('--member <member>', 'the member the key is for')
    .action(async (options: { out: string; org?: string; member?: string }) => {
      await runKeysNew(options, output);
    });
  keys
    .command('show')
    .description("print a key file's public key and key id")
    .argument('<file>')
    .action(async (file: string) => {
      await runKeysShow(file, output);
    });

  program
    .command('member')
    .description('membership')
    .command('enroll')
    .description('enrol a member of your organisation (signed with your admin key)')
    .requiredOption('--server <url>', 'the mechanism server, e.g. http://localhost:8080')
    .requiredOption('--key <file>', 'your admin key file')
    .requiredOption('--member <id>', 'the new member id')
    .requiredOption('--roles <roles>', 'comma-separated roles', parseRoles)
    .requiredOption('--public-key <base64>', "the member's public key (from jmm keys show)")
    .option(
      '--display-name <title>',
      'role title, public (e.g. "Liaison officer 2"), never a personal name',
      'Member',
    )
    .action(
      async (options: {
        server: string;
        key: string;
        member: string;
        roles: Role[];
        publicKey: string;
        displayName: string;
      }) => {
        await runMemberEnroll(options, output);
      },
    );

  const withComposeOptions = (command: Command) =>
    command
      .option('--audience <audience>', 'public, mechanism (default) or orgs:a,b')
      .option('--ref <rel:digest>', 'a reference to another statement (repeat)', collectRef, [])
      .option('--issuer <org/member>', "who issues it; by default the key file's org and member")
      .addHelpText('after', STATEMENT_HELP);

  withComposeOptions(
    program
      .command('statement')
      .description('statements')
      .command('new')
      .description('compose, validate and sign a statement; write its DSSE envelope')
      .argument('<type>', 'the statement type, e.g. incident.report')
      .requiredOption('--key <file>', 'your key file')
      .requiredOption('--body <file>', 'the body of the statement, JSON')
      .option('--out <file>', 'where to write the envelope (default: print it)')
      .option('--server <url>', "read the mechanism's origin and public precision from this server")
      .option('--mechanism <origin>', 'the mechanism origin, when not reading it from --server'),
  ).action(
    async (
      type: string,
      options: Omit<ComposeFlags, 'type'> & { out?: string; server?: string; mechanism?: string },
    ) => {
      await runStatementNew({ ...options, type }, output);
    },
  );

  withComposeOptions(
    program
      .command('submit')
      .description(
        'submit a signed envelope (or {"envelopes": [...]}) from a file; or, with --key, compose, sign and submit one, verifying its inclusion proof',
      )
      .argument('[file]', 'a signed envelope or batch (without --key)')
      .requiredOption('--server <url>', 'the mechanism server')
      .option('--key <file>', 'sign with this key file: compose from --type and --body')
      .option('--type <type>', 'with --key: the statement type')
      .option('--body <file>', 'with --key: the body of the statement, JSON')
      .option(
        '--log-key <vkey>',
        "with --key: the log's verifier key to verify against (default: the server's)",
      ),
  ).action(
    async (
      file: string | undefined,
      options: Partial<ComposeFlags> & { server: string; logKey?: string },
    ) => {
      if (options.key === undefined) {
        if (file === undefined) throw new CliError('usage', 'give a file to submit, or --key to compose one');
        await runSubmit(file, options, output);
        return;
      }
      if (file !== undefined || options.type === undefined || options.body === undefined)
        throw new CliError('usage', 'with --key give --type and --body, and no file');
      await runSubmitComposed(
        { ...options, key: options.key, type: options.type, body: options.body },
        output,
      );
    },
  );

  withServerOptions(
    program
      .command('rebuild')
      .description('replay the log into a new, empty database and check that it reproduces exactly'),
  )
    .option('--into <file>', 'a new SQLite database file to rebuild into')
    .option('--into-database-url <url>', 'an empty PostgreSQL database to rebuild into')
    .addHelpText('after', REBUILD_HELP)
    .action(async (options: { into?: string; intoDatabaseUrl?: string } & Record<string, unknown>) => {
      await runRebuild(
        serverConfig(options, env),
        { into: options.into, intoDatabaseUrl: options.intoDatabaseUrl },
        output,
      );
    });

  addWitnessCommands(program, { output: () => output, signals: io.signals });

  program
    .command('verify')
    .description('audit a mechanism (URL) or an audit bundle with only its origin and log key as trust roots')
    .argument('[url]', 'the mechanism server, e.g. https://jmm.example.org')
    .option('--bundle <dir>', 'audit an audit bundle directory instead of a server')
    .option('--origin <origin>', "trust root: the mechanism's origin")
    .option('--log-key <vkey>', "trust root: the log's C2SP verifier key")
    .option('--state <dir>', 'keep the verified checkpoint here and resume from it next time')
    .option('--workers <n>', 'signature-checking threads (default: all cores)')
    .option('--key <file>', 'sign in with this key file: audit what your organisation may read')
    .addHelpText('after', VERIFY_HELP)
    .action(async (url: string | undefined, options: VerifyFlags) => {
      await runVerify(url, options, output, process.stderr.isTTY ? io.stderr : undefined);
    });

  program
    .command('export')
    .description('export incidents as CSV, GeoJSON or STIX 2.1 (or an audit bundle) from a server')
    .argument('<url>', 'the mechanism server, e.g. http://localhost:8080')
    .addOption(
      new Option('--format <format>', 'what to export').choices(EXPORT_FORMATS).makeOptionMandatory(),
    )
    .requiredOption('--out <path>', 'where to write it (never overwritten)')
    .option('--key <file>', 'sign in with this key file: export what your organisation may read')
    .option('--filter <name=value>', 'a filter of GET /api/v1/incidents (repeat)', collectFilter, [])
    .addHelpText('after', EXPORT_HELP)
    .action(
      async (url: string, options: { format: ExportFormat; out: string; key?: string; filter: string[] }) => {
        await runExport(url, options, output);
      },
    );

  program
    .command('import')
    .description(
      'validate incidents from CSV, then sign each as an incident.report with your key and submit it',
    )
    .argument('<url>', 'the mechanism server')
    .requiredOption('--csv <file>', 'the CSV file (as jmm export --format csv writes it)')
    .requiredOption('--key <file>', 'your reporter key file')
    .option('--dry-run', 'check every row and report, submitting nothing')
    .addHelpText('after', IMPORT_HELP)
    .action(async (url: string, options: { csv: string; key: string; dryRun?: boolean }) => {
      await runImport(url, { csv: options.csv, key: options.key, dryRun: options.dryRun === true }, output);
    });

  program
    .command('report')
    .description(
      'compute a periodic report at the latest checkpoint, render it as HTML and PDF, and publish it (report.publish)',
    )
    .argument('<url>', 'the mechanism server')
    .requiredOption(
      '--period <period>',
      'the calendar period: 2026-10 (month), 2026-Q3 (quarter), 2026-W40 (ISO week)',
    )
    .addOption(
      new Option('--audience <audience>', 'who the report is for')
        .choices(['public', 'mechanism'])
        .makeOptionMandatory(),
    )
    .requiredOption('--key <file>', "a secretariat approver's or admin's key file")
    .option('--out <dir>', 'also write the PDF and HTML here (never overwritten)')
    .option('--dry-run', 'render (and write) the documents, upload and submit nothing')
    .option('--partial', 'publish a period that has not ended yet')
    .option('--log-key <vkey>', "the log's verifier key to verify against (default: the server's)")
    .addHelpText('after', REPORT_HELP)
    .action(async (url: string, options: ReportFlags) => {
      await runReport(url, options, output);
    });

  try {
    await program.parseAsync(argv);
    return EXIT_CODES.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT_CODES.ok : EXIT_CODES.usage;
    }
    const { code, message } = describeError(error);
    output.error(`jmm: ${message}`);
    return EXIT_CODES[code];
  }
}
