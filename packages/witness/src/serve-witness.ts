// The witness's HTTP face (c2sp.org/tlog-witness §HTTP Interface): POST <prefix>/add-checkpoint, with the root
// as the submission prefix, and a one-line health answer at GET /. Nothing else: the witness holds a key, so
// its surface stays as small as the protocol.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MAX_ADD_CHECKPOINT_REQUEST_BYTES } from '@jmm/core';
import type { Witness } from './witness.types.ts';

const TEXT = 'text/plain; charset=utf-8';
/**
 * A log sends a few hundred bytes at a time, so these bound what clients can hold: each connection buffers at
 * most one request (MAX_ADD_CHECKPOINT_REQUEST_BYTES), and a request that has not arrived whole in this time is
 * dropped (Node's defaults are 60 s for the headers and 5 min for the request).
 */
const MAX_CONNECTIONS = 256;
const HEADERS_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 30_000;

/** A running witness server. */
export interface WitnessServer {
  /** `http://host:port`, with the port actually bound (useful with port 0). */
  readonly url: string;
  /** Stops accepting connections and closes idle ones; resolves once the server has closed. */
  close(): Promise<void>;
}

class BodyTooLarge extends Error {}

/** The request body, at most `limit` bytes: a longer one is refused without reading it all into memory. */
async function readBody(request: IncomingMessage, limit: number): Promise<Uint8Array> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > limit) throw new BodyTooLarge();
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    length += chunk.length;
    if (length > limit) throw new BodyTooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function send(response: ServerResponse, status: number, contentType: string, body: string): void {
  response.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

async function handleAddCheckpoint(
  witness: Witness,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  let bytes: Uint8Array;
  try {
    bytes = await readBody(request, MAX_ADD_CHECKPOINT_REQUEST_BYTES);
  } catch (error) {
    if (!(error instanceof BodyTooLarge)) throw error;
    // Closing the connection stops a client that keeps sending.
    response.setHeader('connection', 'close');
    send(response, 413, TEXT, 'request body too large\n');
    return;
  }
  let body: string;
  try {
    body = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    send(response, 400, TEXT, 'the request body is not UTF-8\n');
    return;
  }
  const answer = await witness.addCheckpoint(body);
  send(response, answer.status, answer.contentType, answer.body);
}

/** Serves `witness` on host:port until closed. It does not close the witness. */
export async function serveWitness(
  witness: Witness,
  options: {
    host: string;
    port: number;
    /** Told of requests that failed with 500 (state not writable, witness closed); default stderr. */
    onError?: (error: unknown) => void;
  },
): Promise<WitnessServer> {
  const onError =
    options.onError ??
    ((error: unknown) => {
      console.error('witness: add-checkpoint failed:', error);
    });
  const server = createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0];
    const route = async (): Promise<void> => {
      if (path === '/add-checkpoint') {
        if (request.method !== 'POST') {
          response.setHeader('allow', 'POST');
          send(response, 405, TEXT, 'use POST\n');
          return;
        }
        await handleAddCheckpoint(witness, request, response);
      } else if (path === '/' && (request.method === 'GET' || request.method === 'HEAD')) {
        send(response, 200, TEXT, `jmm witness ${witness.verifierKey}\n`);
      } else {
        send(response, 404, TEXT, 'not found\n');
      }
    };
    route().catch((error: unknown) => {
      // A failed state write (or a closed witness) means nothing was cosigned; the client may retry.
      onError(error);
      if (!response.headersSent) send(response, 500, TEXT, 'internal error\n');
      else response.destroy();
    });
  });
  server.maxConnections = MAX_CONNECTIONS;
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => {
          if (error === undefined) resolve();
          else reject(error);
        });
        server.closeIdleConnections();
      }),
  };
}
