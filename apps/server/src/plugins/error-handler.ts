import fp from 'fastify-plugin';
import { mapErrorToProblem } from '../problem-details.ts';
import { ServerError } from '../server-error.ts';

/**
 * Every error becomes an RFC 9457 `application/problem+json` answer through the one mapping in
 * problem-details.ts; internal errors are logged with their stack and answered without detail.
 */
export const errorHandlerPlugin = fp(
  (app, _options, done) => {
    app.setErrorHandler((error, request, reply) => {
      const { problem, retryAfterSeconds } = mapErrorToProblem(error);
      if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
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
