import { MechanismError } from './mechanism-error.ts';

/** Everything the server reads from its environment, parsed once at the edge (STYLE.md habit 10). */
export interface ServerConfig {
  /** Directory with the mechanism's files: log key, SQLite database, blobs. */
  readonly dataDir: string;
  readonly host: string;
  readonly port: number;
  /** postgres://… to use PostgreSQL; undefined for the embedded SQLite database in `dataDir`. */
  readonly databaseUrl: string | undefined;
  /**
   * Requests per minute per signed-in member (whatever its address), or per client address for anonymous
   * requests; `/healthz` and `/readyz` are exempt.
   */
  readonly rateLimitPerMinute: number;
  readonly sessionTtlSeconds: number;
  /** Sign-in challenges issued and not yet expired (used or not); past it, new ones are refused until some expire. */
  readonly maxOutstandingChallenges: number;
  /** A client must send its complete request headers within this many seconds of connecting (slowloris). */
  readonly headersTimeoutSeconds: number;
  /** …and its complete request, body included, within this many (at least the headers timeout). */
  readonly requestTimeoutSeconds: number;
  /** A connection on which nothing is sent or received for this long is closed. */
  readonly idleTimeoutSeconds: number;
  /** An idle keep-alive connection between requests is closed after this long. */
  readonly keepAliveTimeoutSeconds: number;
  /** Behind a reverse proxy, trust X-Forwarded-* for client addresses and HTTPS. */
  readonly trustProxy: boolean;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Bytes of evidence each organisation may upload in all (each file counted once per organisation). */
  readonly evidenceQuotaBytes: number;
  /** Submissions waiting to be sequenced before new ones get 503. */
  readonly maxQueue: number;
  readonly maxBatch: number;
  /**
   * Directory of the built web app (apps/web's `dist/`), served at `/`; undefined serves the API alone. The
   * CLI's `jmm serve` defaults it to the web app built beside it.
   */
  readonly webRoot: string | undefined;
  /**
   * Where the other processes serving the same PostgreSQL log reach this one, to hand it submissions while it
   * sequences (issue 9); by default the URL it listens at.
   */
  readonly advertiseUrl: string | undefined;
  /**
   * The log asks its witnesses to cosign its newest checkpoint at most this often (c2sp.org/tlog-witness), so
   * witnessing never slows sequencing: submitters are answered with the log-signed checkpoint at once.
   */
  readonly witnessIntervalMs: number;
}

/** Flag names (as `--kebab-case`) and their JMM_* environment variables. */
const SOURCES = {
  dataDir: ['data', 'JMM_DATA'],
  host: ['host', 'JMM_HOST'],
  port: ['port', 'JMM_PORT'],
  databaseUrl: ['database-url', 'JMM_DATABASE_URL'],
  rateLimitPerMinute: ['rate-limit', 'JMM_RATE_LIMIT'],
  sessionTtlSeconds: ['session-ttl', 'JMM_SESSION_TTL'],
  maxOutstandingChallenges: ['max-challenges', 'JMM_MAX_CHALLENGES'],
  headersTimeoutSeconds: ['headers-timeout', 'JMM_HEADERS_TIMEOUT'],
  requestTimeoutSeconds: ['request-timeout', 'JMM_REQUEST_TIMEOUT'],
  idleTimeoutSeconds: ['idle-timeout', 'JMM_IDLE_TIMEOUT'],
  keepAliveTimeoutSeconds: ['keep-alive-timeout', 'JMM_KEEP_ALIVE_TIMEOUT'],
  trustProxy: ['trust-proxy', 'JMM_TRUST_PROXY'],
  logLevel: ['log-level', 'JMM_LOG_LEVEL'],
  evidenceQuotaBytes: ['evidence-quota', 'JMM_EVIDENCE_QUOTA'],
  maxQueue: ['max-queue', 'JMM_MAX_QUEUE'],
  maxBatch: ['max-batch', 'JMM_MAX_BATCH'],
  webRoot: ['web-root', 'JMM_WEB_ROOT'],
  advertiseUrl: ['advertise-url', 'JMM_ADVERTISE_URL'],
  witnessIntervalMs: ['witness-interval', 'JMM_WITNESS_INTERVAL'],
} as const satisfies Record<keyof ServerConfig, readonly [string, string]>;

/** 2 GiB of evidence per organisation unless configured otherwise. */
export const DEFAULT_EVIDENCE_QUOTA_BYTES = 2 * 1024 ** 3;

/** Once a second: the bound on how often the log asks for cosignatures. */
export const DEFAULT_WITNESS_INTERVAL_MS = 1000;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export type ConfigInput = Readonly<Record<string, string | undefined>>;

/**
 * Builds the configuration from command-line flags (which win) and the environment, reporting every problem
 * at once in one MechanismError('invalid_request') whose detail lists them. The result is frozen.
 */
export function parseServerConfig(flags: ConfigInput, env: ConfigInput): ServerConfig {
  const problems: string[] = [];
  const read = (key: keyof ServerConfig): string | undefined => {
    const [flag, variable] = SOURCES[key];
    const value = flags[flag] ?? env[variable];
    return value === undefined || value === '' ? undefined : value;
  };
  const integer = (key: keyof ServerConfig, fallback: number, min: number, max: number): number => {
    const text = read(key);
    if (text === undefined) return fallback;
    const value = Number(text);
    if (!/^\d+$/.test(text) || value < min || value > max) {
      problems.push(
        `--${SOURCES[key][0]} (${SOURCES[key][1]}) must be an integer from ${min} to ${max}, not ${JSON.stringify(text)}`,
      );
      return fallback;
    }
    return value;
  };

  const databaseUrl = read('databaseUrl');
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('--database-url (JMM_DATABASE_URL) must be a postgres:// or postgresql:// URL');
  }
  const advertiseUrl = read('advertiseUrl');
  if (advertiseUrl !== undefined && !/^https?:\/\/[^/]+/.test(advertiseUrl))
    problems.push('--advertise-url (JMM_ADVERTISE_URL) must be an http:// or https:// URL');
  const logLevel = read('logLevel') ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel))
    problems.push(`--log-level must be one of ${LOG_LEVELS.join(', ')}`);
  const trustProxy = read('trustProxy') ?? 'false';
  if (trustProxy !== 'true' && trustProxy !== 'false')
    problems.push('--trust-proxy (JMM_TRUST_PROXY) must be true or false');

  const headersTimeoutSeconds = integer('headersTimeoutSeconds', 10, 1, 300);
  const requestTimeoutSeconds = integer('requestTimeoutSeconds', 120, 1, 3600);
  // Node refuses a headers timeout longer than the request timeout; say so here rather than at listen.
  if (requestTimeoutSeconds < headersTimeoutSeconds)
    problems.push(
      '--request-timeout (JMM_REQUEST_TIMEOUT) must be at least --headers-timeout (JMM_HEADERS_TIMEOUT)',
    );

  const config: ServerConfig = {
    dataDir: read('dataDir') ?? './data',
    host: read('host') ?? '127.0.0.1',
    port: integer('port', 8080, 0, 65535),
    databaseUrl,
    rateLimitPerMinute: integer('rateLimitPerMinute', 1200, 1, 10_000_000),
    sessionTtlSeconds: integer('sessionTtlSeconds', 8 * 3600, 60, 30 * 24 * 3600),
    maxOutstandingChallenges: integer('maxOutstandingChallenges', 10_000, 1, 1_000_000),
    headersTimeoutSeconds,
    requestTimeoutSeconds,
    idleTimeoutSeconds: integer('idleTimeoutSeconds', 30, 1, 3600),
    keepAliveTimeoutSeconds: integer('keepAliveTimeoutSeconds', 5, 1, 600),
    trustProxy: trustProxy === 'true',
    logLevel: logLevel as ServerConfig['logLevel'],
    evidenceQuotaBytes: integer('evidenceQuotaBytes', DEFAULT_EVIDENCE_QUOTA_BYTES, 0, 2 ** 50),
    maxQueue: integer('maxQueue', 8192, 1, 1_000_000),
    maxBatch: integer('maxBatch', 512, 1, 10_000),
    webRoot: read('webRoot'),
    advertiseUrl,
    witnessIntervalMs: integer('witnessIntervalMs', DEFAULT_WITNESS_INTERVAL_MS, 10, 3_600_000),
  };
  if (problems.length > 0) {
    throw new MechanismError('invalid_request', `invalid configuration:\n- ${problems.join('\n- ')}`, {
      detail: { problems },
    });
  }
  return Object.freeze(config);
}
