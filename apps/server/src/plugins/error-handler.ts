import fp from 'fastify-plugin';
import { mapErrorToProblem } from '../problem-details.ts';
import { ServerError } from '../server-error.ts';

/**
 * Every error becomes an RFC 9457 `application/problem+json` answer through the one mapping in
 * problem-details.ts; server-side errors are logged with their stack and cause and answered without them.
 */
export const errorHandlerPlugin = fp(
  (app, _options, done) => {
    app.setErrorHandler((error, request, reply) => {
      const { problem, retryAfterSeconds } = mapErrorToProblem(error);
      // The answer says nothing about a server-side failure, so the log must say everything (with its cause).
      // A 503 is a state the service is expected to pass through (overload, recovery): a warning, not an error.
      if (problem.status === 503) request.log.warn({ err: error }, 'request refused: service unavailable');
      else if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
      if (retryAfterSeconds !== undefined) void reply.header('retry-after', String(retryAfterSeconds));
      void reply
        .status(problem.status)
        .type('application/problem+json')
        .send({ ...problem, instance: request.id });
    });
    app.setNotFoundHandler((request) => {
      throw new ServerError('not_found', `no route ${request.method} ${request.url.split('?')[0] ?? ''}`);
    });
    done();
  },
  { name: 'jmm-error-handler' },
);
