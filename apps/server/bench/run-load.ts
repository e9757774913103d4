import { connect, type Socket } from 'node:net';

export interface LoadRequest {
  readonly path: string;
  readonly body?: string;
}

export interface LoadOptions {
  /** Server base URL without the trailing slash (http only). */
  readonly url: string;
  readonly connections: number;
  readonly seconds: number;
  readonly method: 'GET' | 'POST';
  /**
   * Either `next`, called for every request (undefined when the supply is spent, which ends the run early), or
   * `cycle`, paths encoded once and sent in turn.
   */
  readonly source: { readonly next: () => LoadRequest | undefined } | { readonly cycle: readonly string[] };
  /** Sent with every request (e.g. `authorization` for a member's reads). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Keep the first few bodies of non-2xx answers, to print what went wrong. */
  readonly keepFailures?: boolean;
}

export interface LoadResult {
  readonly milliseconds: number;
  readonly byStatus: ReadonlyMap<number, number>;
  readonly successes: number;
  readonly failures: number;
  /** Connections lost or answers that were not HTTP/1.1 with a content-length. */
  readonly transportErrors: number;
  /** Latencies of 2xx answers, ms, ascending: failures must not flatter the percentiles. */
  readonly latencies: Float64Array;
  /** 2xx answers in each whole second of the run. */
  readonly perSecond: readonly number[];
  readonly failureSamples: readonly string[];
  /** Whether the `next` supply ran dry before the time was up. */
  readonly spent: boolean;
}

const FAILURE_SAMPLES = 3;
const HEADER_END = Buffer.from('\r\n\r\n');
const CONTENT_LENGTH = /\r\ncontent-length: *(\d+)/i;

/**
 * Drives `connections` keep-alive HTTP/1.1 connections, each with one request in flight (no pipelining), for
 * `seconds`; answers still in flight at the end are not counted.
 *
 * A deliberately small client rather than autocannon: the load generator shares the machine's two cores with
 * the server, and autocannon decodes every response body into a string, which for binary tiles and entry
 * bundles cost it more CPU than the server spent answering. This one only finds the status line and the
 * content-length, and counts body bytes.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const { hostname, port } = new URL(options.url);
  const host = `${hostname}:${port}`;
  const byStatus = new Map<number, number>();
  const latencies: number[] = [];
  const perSecond: number[] = [];
  const failureSamples: string[] = [];
  let transportErrors = 0;
  let spent = false;

  const extraHeaders = Object.entries(options.headers ?? {})
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  const encode = (request: LoadRequest): Buffer => {
    const body = request.body === undefined ? undefined : Buffer.from(request.body);
    const head =
      `${options.method} ${request.path} HTTP/1.1\r\nhost: ${host}\r\n` +
      extraHeaders +
      (body === undefined
        ? '\r\n'
        : `content-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n`);
    return body === undefined
      ? Buffer.from(head, 'latin1')
      : Buffer.concat([Buffer.from(head, 'latin1'), body]);
  };
  const { source } = options;
  let nextRequest: () => Buffer | undefined;
  if ('next' in source) {
    nextRequest = () => {
      const request = source.next();
      if (request === undefined) spent = true;
      return request === undefined ? undefined : encode(request);
    };
  } else {
    const encoded = source.cycle.map((path) => encode({ path }));
    let turn = 0;
    nextRequest = () => encoded[turn++ % encoded.length];
  }

  const start = performance.now();
  const deadline = start + options.seconds * 1000;
  const running = new Set<Socket>();
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const timer = setTimeout(() => {
    for (const socket of running) socket.destroy();
    running.clear();
    finish();
  }, options.seconds * 1000);

  const record = (status: number, sentAt: number, body: Buffer | undefined) => {
    const now = performance.now();
    if (now > deadline) return;
    byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
    if (status >= 200 && status <= 299) {
      latencies.push(now - sentAt);
      const second = Math.floor((now - start) / 1000);
      perSecond[second] = (perSecond[second] ?? 0) + 1;
    } else if (body !== undefined && failureSamples.length < FAILURE_SAMPLES) {
      failureSamples.push(`${status} ${body.toString('utf8', 0, 300)}`);
    }
  };

  const open = () => {
    if (performance.now() >= deadline || spent) return;
    const socket = connect({ host: hostname, port: Number(port), noDelay: true });
    running.add(socket);
    let head: Buffer = Buffer.alloc(0);
    let status = 0;
    let remaining = -1; // body bytes still to come; -1 while reading the head
    let failureBody: Buffer[] | undefined;
    let sentAt = 0;
    let inFlight = false;

    const send = () => {
      const request = performance.now() < deadline ? nextRequest() : undefined;
      if (request === undefined) {
        running.delete(socket);
        socket.end();
        if (running.size === 0) finish();
        return;
      }
      sentAt = performance.now();
      inFlight = true;
      socket.write(request);
    };
    const complete = () => {
      inFlight = false;
      record(status, sentAt, failureBody === undefined ? undefined : Buffer.concat(failureBody));
      head = Buffer.alloc(0);
      remaining = -1;
      failureBody = undefined;
      send();
    };

    socket.on('connect', send);
    socket.on('data', (data: Buffer) => {
      let chunk = data;
      if (remaining < 0) {
        head = head.length === 0 ? chunk : Buffer.concat([head, chunk]);
        const end = head.indexOf(HEADER_END);
        if (end < 0) return;
        const text = head.toString('latin1', 0, end);
        const length = CONTENT_LENGTH.exec(text);
        status = Number(text.slice(9, 12));
        if (!text.startsWith('HTTP/1.1 ') || length === null) {
          socket.destroy(); // counted as a transport error when it closes
          return;
        }
        remaining = Number(length[1]);
        chunk = head.subarray(end + HEADER_END.length);
        if (options.keepFailures === true && (status < 200 || status > 299)) failureBody = [];
      }
      remaining -= chunk.length;
      failureBody?.push(chunk);
      if (remaining <= 0) complete();
    });
    socket.on('error', () => undefined);
    // A connection lost while the run goes on (an error, or the server closing it) is replaced; one lost with a
    // request in flight is a transport error.
    socket.on('close', () => {
      if (!running.delete(socket)) return;
      if (inFlight) transportErrors += 1;
      open();
      if (running.size === 0) finish();
    });
  };

  for (let i = 0; i < options.connections; i++) open();
  await finished;
  clearTimeout(timer);
  const milliseconds = Math.min(performance.now(), deadline) - start;

  const sorted = Float64Array.from(latencies).sort();
  let successes = 0;
  let failures = 0;
  for (const [status, count] of byStatus) {
    if (status >= 200 && status <= 299) successes += count;
    else failures += count;
  }
  return {
    milliseconds,
    byStatus,
    successes,
    failures,
    transportErrors,
    latencies: sorted,
    perSecond: Array.from({ length: perSecond.length }, (_, second) => perSecond[second] ?? 0),
    failureSamples,
    spent,
  };
}

/** The `p`-quantile (0–1) of ascending `sorted` values, by nearest rank; NaN when there are none. */
export function quantile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}
