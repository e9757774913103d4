import type { ServerResponse } from 'node:http';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppServices } from '../app-services.ts';
import { rateLimitKey } from '../plugins/security.ts';
import { ServerError } from '../server-error.ts';
import { problemResponses } from './api-schemas.ts';

/** Open event streams per server, and per signed-in member or client address (security.ts's buckets). */
export const MAX_EVENT_STREAMS = 200;
export const MAX_EVENT_STREAMS_PER_CALLER = 4;
/** How often the latest checkpoint is looked at, once for all streams, while any is open. */
const POLL_MILLIS = 500;
/** A comment line this often keeps proxies and the server's own idle timeout from closing a quiet stream. */
const HEARTBEAT_MILLIS = 25_000;
/** A client that stops reading is dropped once this much is waiting for it, rather than buffered without end. */
const MAX_BUFFERED_BYTES = 64 * 1024;
/** How long a browser's EventSource waits before reconnecting after the stream ends. */
const RETRY_MILLIS = 5000;

interface EventStream {
  readonly raw: ServerResponse;
  readonly caller: string;
  /** The tree size of the last `checkpoint` event sent on this stream. */
  sentSize: bigint;
}

/**
 * `GET /api/v1/events`: server-sent events for the web app, so a page learns that the log grew without polling
 * (DESIGN.md §7). Each event says only what `/log/checkpoint` already tells anyone — the public tree size and
 * its log time — so the stream is the same for the public and for members, and reveals nothing about what grew.
 * Readers then fetch what they may read through the other routes.
 *
 * One timer polls the engine's latest checkpoint for all streams (the engine has no listener API, and a poll
 * every 500 ms of an in-memory field costs nothing); streams are bounded per server and per caller, and ended
 * in preClose — before Fastify waits for in-flight requests, which an open stream would otherwise never finish.
 */
export const eventRoutes: FastifyPluginAsyncZod<{ services: AppServices }> = (app, { services }) => {
  const streams = new Set<EventStream>();
  const perCaller = new Map<string, number>();
  const heartbeatMillis = Math.min(HEARTBEAT_MILLIS, (services.config.idleTimeoutSeconds * 1000) / 2);
  let timers: { poll: NodeJS.Timeout; heartbeat: NodeJS.Timeout } | undefined;

  const checkpointEvent = (): { size: bigint; text: string } => {
    const checkpoint = services.engine.latestCheckpoint;
    const size = checkpoint?.treeSize ?? 0n;
    const data = JSON.stringify({ tree_size: Number(size), log_time: checkpoint?.logTime ?? null });
    return { size, text: `id: ${size}\nevent: checkpoint\ndata: ${data}\n\n` };
  };

  const write = (stream: EventStream, text: string) => {
    if (stream.raw.writableLength > MAX_BUFFERED_BYTES) {
      stream.raw.destroy();
      return;
    }
    stream.raw.write(text);
  };

  const poll = () => {
    const event = checkpointEvent();
    for (const stream of streams) {
      if (event.size <= stream.sentSize) continue;
      stream.sentSize = event.size;
      write(stream, event.text);
    }
  };

  const forget = (stream: EventStream) => {
    if (!streams.delete(stream)) return;
    const count = (perCaller.get(stream.caller) ?? 1) - 1;
    if (count === 0) perCaller.delete(stream.caller);
    else perCaller.set(stream.caller, count);
    if (streams.size === 0 && timers !== undefined) {
      clearInterval(timers.poll);
      clearInterval(timers.heartbeat);
      timers = undefined;
    }
  };

  app.addHook('preClose', (done) => {
    for (const stream of [...streams]) {
      forget(stream);
      stream.raw.end();
    }
    done();
  });

  app.get(
    '/events',
    {
      // A HEAD would open a stream with no body to carry its events.
      exposeHeadRoute: false,
      schema: {
        summary: 'Server-sent events: `checkpoint` with the tree size and log time each time the log grows',
        description: [
          'A text/event-stream. On connect, and each time the latest checkpoint grows, an event',
          '`checkpoint` with data `{"tree_size": N, "log_time": "…"}` (the log time is null for an empty log);',
          `a comment line at least every ${HEARTBEAT_MILLIS / 1000} s keeps the connection open.`,
          'Public: it says nothing `/log/checkpoint` does not. A browser signed in by cookie may use it too.',
          `At most ${MAX_EVENT_STREAMS} streams per server and ${MAX_EVENT_STREAMS_PER_CALLER} per member or`,
          'client address are open at once; past that, 503 `too_many_streams`.',
        ].join(' '),
        tags: ['log'],
        response: {
          200: z.string().describe('text/event-stream'),
          ...problemResponses(503),
        },
      },
    },
    (request, reply) => {
      const caller = rateLimitKey(request);
      const callerCount = perCaller.get(caller) ?? 0;
      if (streams.size >= MAX_EVENT_STREAMS || callerCount >= MAX_EVENT_STREAMS_PER_CALLER) {
        // problem-details.ts answers 503 with Retry-After.
        throw new ServerError(
          'too_many_streams',
          `too many event streams are open (${streams.size} in all, ${callerCount} of yours)`,
        );
      }
      // From here the stream is written directly: Fastify would otherwise wait for an end that never comes.
      reply.hijack();
      const raw = reply.raw;
      // The headers hooks set on the reply (rate limit) join those set on the raw response (helmet's).
      for (const [name, value] of Object.entries(reply.getHeaders()))
        if (value !== undefined) raw.setHeader(name, value);
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        // Reverse proxies (nginx) would otherwise buffer the stream and deliver events late.
        'x-accel-buffering': 'no',
      });
      const initial = checkpointEvent();
      const stream: EventStream = { raw, caller, sentSize: initial.size };
      streams.add(stream);
      perCaller.set(caller, callerCount + 1);
      raw.on('close', () => {
        forget(stream);
      });
      raw.write(`retry: ${RETRY_MILLIS}\n\n${initial.text}`);
      timers ??= {
        poll: setInterval(poll, POLL_MILLIS).unref(),
        heartbeat: setInterval(() => {
          for (const open of streams) write(open, ': heartbeat\n\n');
        }, heartbeatMillis).unref(),
      };
    },
  );
  return Promise.resolve();
};
