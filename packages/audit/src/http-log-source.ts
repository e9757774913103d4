import { computeKeyId, type Ed25519Signer } from '@jmm/core';
import {
  ClientError,
  createJmmClient,
  TIMER_CLOCK,
  type ClientClock,
  type FetchFunction,
  type JmmClient,
} from '@jmm/client';
import { AuditError } from './audit-error.ts';
import {
  MAX_CHECKPOINT_BYTES,
  MAX_TILE_BYTES,
  type LogSource,
  type MechanismDescription,
} from './log-source.ts';

export interface HttpLogSourceOptions {
  /** Default: the platform's `fetch`. */
  readonly fetch?: FetchFunction;
  /**
   * A member's key: the source signs in with it (challenge–response, DESIGN.md §7) and reads what that member's
   * organisation may read. Without it the source reads as the public.
   */
  readonly signer?: Ed25519Signer;
  /** Who the signer is (`org/member`), for the report; default its key id. */
  readonly signerName?: string;
  /**
   * The mechanism's origin, needed to sign in (the login message names it). Default: what the server says;
   * the auditor checks it against its trust roots either way.
   */
  readonly origin?: string;
  /** Attempts per request on network errors and 429/5xx answers. Default 5. */
  readonly maxAttempts?: number;
  /** Milliseconds before one request is abandoned. Default 60 s. */
  readonly timeoutMs?: number;
  readonly clock?: ClientClock;
}

function mechanismFrom(body: unknown): MechanismDescription {
  const { origin, log_vkey: logVkey } = (body ?? {}) as { origin?: unknown; log_vkey?: unknown };
  if (typeof origin !== 'string' || typeof logVkey !== 'string')
    throw new AuditError('invalid_source', 'GET /api/v1/mechanism names no origin and log_vkey');
  return { origin, logVkey };
}

/** A ClientError as the audit reports it: a refusal is `not_found` or `unreachable`, a bad shape `invalid_source`. */
function toAuditError(error: unknown, what: string): unknown {
  if (!(error instanceof ClientError)) return error;
  if (error.code === 'problem' && error.problem?.status === 404)
    return new AuditError('not_found', `${what}: ${error.message}`, { cause: error });
  if (error.code === 'invalid_response')
    return new AuditError('invalid_source', `${what}: ${error.message}`, { cause: error });
  return new AuditError('unreachable', `${what}: ${error.message}`, { cause: error });
}

/**
 * A LogSource over a mechanism's HTTP API: tiles, entry bundles and the checkpoint as C2SP tlog-tiles files
 * (`/log/...`), the checkpoint history and the readable envelopes through @jmm/client. With a member's key it
 * signs in once, lazily, and again if the session ends during a long audit.
 */
export function createHttpLogSource(url: string, options: HttpLogSourceOptions = {}): LogSource {
  let base: URL;
  try {
    base = new URL(url);
  } catch (cause) {
    throw new AuditError('invalid_argument', `${JSON.stringify(url)} is not a URL`, { cause });
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:')
    throw new AuditError('invalid_argument', `${url} is not an http(s) URL`);
  const fetchFunction: FetchFunction = options.fetch ?? ((input, init) => fetch(input, init));
  const maxAttempts = options.maxAttempts ?? 5;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const clock = options.clock ?? TIMER_CLOCK;
  const { signer } = options;
  const reader =
    signer === undefined ? 'public' : (options.signerName ?? `key ${computeKeyId(signer.publicKey)}`);
  let described: MechanismDescription | undefined;
  let connected: Promise<JmmClient> | undefined;

  /** GET of a log file with retries on network errors and 429/5xx; 404 is `not_found`. */
  async function getBytes(path: string, maxBytes: number): Promise<Uint8Array> {
    const target = new URL(path, base).toString();
    let lastError: unknown;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      let response: Response;
      try {
        response = await fetchFunction(target, {
          method: 'GET',
          headers: { accept: 'application/octet-stream, text/plain' },
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (cause) {
        lastError = cause;
        if (attempt < maxAttempts) await clock.sleep(Math.min(4000, 250 * 2 ** (attempt - 1)));
        continue;
      }
      if (response.status === 200) {
        const bytes = new Uint8Array(await response.arrayBuffer());
        if (bytes.length > maxBytes)
          throw new AuditError('invalid_source', `${path} is larger than ${maxBytes} bytes`);
        return bytes;
      }
      await response.body?.cancel();
      if (response.status === 404) throw new AuditError('not_found', `${path}: 404 from ${base.origin}`);
      lastError = new Error(`HTTP ${response.status}`);
      const retryable = response.status === 429 || response.status >= 500;
      if (!retryable) break;
      if (attempt === maxAttempts) break;
      const retryAfter = Number(response.headers.get('retry-after'));
      const delay =
        Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : 250 * 2 ** (attempt - 1);
      await clock.sleep(Math.min(30_000, delay));
    }
    throw new AuditError('unreachable', `cannot read ${target}: ${String(lastError)}`, { cause: lastError });
  }

  async function describeMechanism(): Promise<MechanismDescription> {
    if (described !== undefined) return described;
    const bytes = await getBytes('/api/v1/mechanism', MAX_CHECKPOINT_BYTES);
    let body: unknown;
    try {
      body = JSON.parse(new TextDecoder().decode(bytes));
    } catch (cause) {
      throw new AuditError('invalid_source', 'GET /api/v1/mechanism is not JSON', { cause });
    }
    described = mechanismFrom(body);
    return described;
  }

  async function connect(): Promise<JmmClient> {
    const origin = options.origin ?? (await describeMechanism()).origin;
    const logVerifierKey = (await describeMechanism()).logVkey;
    // The client's own proof checks are not used here (the auditor checks everything itself); it is the
    // signing-in and JSON half of the API.
    const client = createJmmClient({
      baseUrl: base.toString(),
      fetch: fetchFunction,
      trust: { origin, logVerifierKey },
      clock,
      retry: { maxAttempts },
    });
    if (signer !== undefined) {
      try {
        await client.signIn(signer);
      } catch (error) {
        throw toAuditError(error, 'signing in');
      }
    }
    return client;
  }

  /** Runs a JSON read, signing in again once if the session ended meanwhile (a 401). */
  async function withClient<T>(what: string, read: (client: JmmClient) => Promise<T>): Promise<T> {
    connected ??= connect();
    connected.catch(() => {
      connected = undefined;
    });
    try {
      return await read(await connected);
    } catch (error) {
      const expired = error instanceof ClientError && error.problem?.status === 401 && signer !== undefined;
      if (!expired) throw toAuditError(error, what);
      connected = connect();
      try {
        return await read(await connected);
      } catch (retried) {
        throw toAuditError(retried, what);
      }
    }
  }

  return {
    location: base.toString(),
    reader,
    describeMechanism,
    async readCheckpoint() {
      return new TextDecoder('utf-8', { fatal: false }).decode(
        await getBytes('/log/checkpoint', MAX_CHECKPOINT_BYTES),
      );
    },
    readTile: (path) => getBytes(`/log/${path}`, MAX_TILE_BYTES),
    async listCheckpoints(fromSize, limit) {
      try {
        return await withClient('GET /api/v1/log/checkpoints', (client) =>
          client.listCheckpoints(fromSize, limit),
        );
      } catch (error) {
        // A server from before checkpoint histories: the audit says the history could not be checked.
        if (error instanceof AuditError && error.code === 'not_found') return undefined;
        throw error;
      }
    },
    readEnvelopes: (from, limit) =>
      withClient('GET /api/v1/log/envelopes', (client) => client.readEnvelopes(from, limit)),
  };
}
