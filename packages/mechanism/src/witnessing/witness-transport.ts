import type { Settings } from '@jmm/domain';

/** A witness as the mechanism's settings list it: its cosigning key, its organisation, and where it listens. */
export type ConfiguredWitness = Settings['witnesses'][number];

/** A witness's answer to add-checkpoint (c2sp.org/tlog-witness): status, media type and body text. */
export interface WitnessAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/** An add-checkpoint endpoint as the witness's own code sees it (what `@jmm/witness` opens in-process). */
export interface LocalWitness {
  readonly verifierKey: string;
  addCheckpoint(body: string): Promise<WitnessAnswer>;
}

/**
 * How the log reaches its witnesses: over HTTP (`POST <url>`), or in-process for witnesses that run inside
 * the server (the demo). `addCheckpoint` rejects when the witness cannot be reached or does not answer in time;
 * an answer of any status resolves.
 */
export interface WitnessTransport {
  /** Whether this transport has a way to reach the witness; unreachable ones are skipped, not retried. */
  reaches(witness: ConfiguredWitness): boolean;
  addCheckpoint(witness: ConfiguredWitness, body: string): Promise<WitnessAnswer>;
}

/** A witness answers with a few signature lines or a size; anything longer is not a tlog-witness answer. */
export const MAX_WITNESS_ANSWER_BYTES = 64 * 1024;

async function readBoundedText(response: Response): Promise<string> {
  if (response.body === null) return '';
  const chunks: Uint8Array[] = [];
  let length = 0;
  // Node's web streams are async iterable; Node's fetch types do not say so.
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    length += chunk.length;
    if (length > MAX_WITNESS_ANSWER_BYTES) {
      // Leaving the loop cancels the stream: the rest is never read.
      throw new Error(`the witness answered more than ${MAX_WITNESS_ANSWER_BYTES} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Pushes to each witness's `url` (its add-checkpoint endpoint), bounded by `timeoutMs` for the whole exchange.
 * Redirects are refused: the settings name the endpoint, and a redirect could send the log's requests elsewhere.
 */
export function createHttpWitnessTransport(options: { readonly timeoutMs: number }): WitnessTransport {
  return {
    reaches: (witness) => witness.url !== undefined,
    async addCheckpoint(witness, body) {
      if (witness.url === undefined) throw new Error(`witness ${witness.name} has no URL`);
      const signal = AbortSignal.timeout(options.timeoutMs);
      const response = await fetch(witness.url, {
        method: 'POST',
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        body,
        redirect: 'error',
        signal,
      });
      return {
        status: response.status,
        contentType: response.headers.get('content-type') ?? '',
        body: await readBoundedText(response),
      };
    },
  };
}

/**
 * Reaches witnesses running in this process by their verifier key, and every other witness through `fallback`
 * (HTTP). The key, not the name, decides: a settings entry reaches a local witness only if it lists that
 * witness's very key.
 */
export function createLocalWitnessTransport(
  local: readonly LocalWitness[],
  fallback?: WitnessTransport,
): WitnessTransport {
  const byKey = new Map(local.map((witness) => [witness.verifierKey, witness]));
  return {
    reaches: (witness) => byKey.has(witness.vkey) || (fallback?.reaches(witness) ?? false),
    addCheckpoint(witness, body) {
      const inProcess = byKey.get(witness.vkey);
      if (inProcess !== undefined) return inProcess.addCheckpoint(body);
      if (fallback === undefined)
        return Promise.reject(new Error(`witness ${witness.name} is not reachable`));
      return fallback.addCheckpoint(witness, body);
    },
  };
}
