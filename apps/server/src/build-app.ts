import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppServices } from './app-services.ts';
import { authPlugin } from './auth/auth-plugin.ts';
import { errorHandlerPlugin } from './plugins/error-handler.ts';
import { mapErrorToProblem } from './problem-details.ts';
import { ServerError } from './server-error.ts';
import { openApiPlugin } from './plugins/openapi.ts';
import { jsonBodyParserPlugin } from './plugins/json-body-parser.ts';
import { securityPlugin } from './plugins/security.ts';
import { signInPurgePlugin } from './plugins/sign-in-purge.ts';
import { authRoutes } from './routes/auth.routes.ts';
import { checkpointRoutes } from './routes/checkpoints.routes.ts';
import { exportRoutes } from './routes/exports.routes.ts';
import { evidenceRoutes } from './routes/evidence.routes.ts';
import { healthRoutes } from './routes/health.routes.ts';
import { logTileRoutes } from './routes/log-tiles.routes.ts';
import { logEnvelopeRoutes } from './routes/log-envelopes.routes.ts';
import { mechanismRoutes } from './routes/mechanism.routes.ts';
import { metricsRoutes } from './routes/metrics.routes.ts';
import { proofRoutes } from './routes/proofs.routes.ts';
import { recordRoutes } from './routes/records.routes.ts';
import { inboxRoutes } from './routes/inbox.routes.ts';
import { statementRoutes } from './routes/statements.routes.ts';
import { eventRoutes } from './routes/events.routes.ts';
import { memberRoutes } from './routes/members.routes.ts';
import { publicationRoutes } from './routes/publications.routes.ts';
import { reportDocumentRoutes } from './routes/report-documents.routes.ts';
import { reportDraftRoutes } from './routes/report-drafts.routes.ts';
import { ruleChangeRoutes } from './routes/rule-changes.routes.ts';
import { createWebAppPlugin } from './plugins/web-app.ts';

/** Default body bound for routes that do not set their own (STYLE.md habit 5). */
const DEFAULT_BODY_LIMIT = 64 * 1024;

/**
 * Builds the HTTP application around its services. Never listens (main.ts does), so tests drive it with
 * `inject()` and the CLI decides where it listens.
 */
export async function buildApp(services: AppServices): Promise<FastifyInstance> {
  const app = Fastify({
    logger: services.config.logLevel === 'silent' ? false : { level: services.config.logLevel },
    bodyLimit: DEFAULT_BODY_LIMIT,
    trustProxy: services.config.trustProxy,
    // Query strings and paths are bounded too; long ones are not legitimate traffic here.
    routerOptions: { maxParamLength: 200 },
    return503OnClosing: true,
    // Every connection is bounded in time (issue 7): its headers, its whole request, silence on it, and the
    // wait for a next request on a kept-alive one. A client that is slow on purpose holds a socket for at most
    // these, never indefinitely.
    connectionTimeout: services.config.idleTimeoutSeconds * 1000,
    keepAliveTimeout: services.config.keepAliveTimeoutSeconds * 1000,
    requestTimeout: services.config.requestTimeoutSeconds * 1000,
    http: {
      headersTimeout: services.config.headersTimeoutSeconds * 1000,
      requestTimeout: services.config.requestTimeoutSeconds * 1000,
      // Node enforces the two timeouts above by sweeping its connections at this interval (30 s by default),
      // so a finer one makes the headers timeout mean what it says.
      connectionsCheckingInterval: Math.min(
        5000,
        Math.max(250, (services.config.headersTimeoutSeconds * 1000) / 4),
      ),
    },
    // A random prefix per app and a counter: unique, and no entropy drawn per request.
    genReqId: (() => {
      const prefix = Buffer.from(services.randomBytes(4)).toString('hex');
      let counter = 0;
      return () => `${prefix}-${(counter++).toString(36)}`;
    })(),
    // Errors the router raises before any hook runs (malformed percent-encoding, over-long parameters) get
    // the same problem documents as everything else.
    frameworkErrors: (error, request, reply) => {
      const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
      const { problem } = mapErrorToProblem(
        new ServerError(
          tooLong ? 'uri_too_long' : 'invalid_request',
          tooLong ? 'a path segment is too long' : 'the URL is malformed',
        ),
      );
      // The raw reply: at this stage no route (and so no typed schema) is attached.
      const untyped = reply as unknown as FastifyReply;
      void untyped
        .code(problem.status)
        .type('application/problem+json')
        .send({ ...problem, instance: request.id });
    },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // The API speaks JSON only; any other body is 415 rather than a string that fails validation later.
  app.removeContentTypeParser('text/plain');

  await app.register(errorHandlerPlugin);
  // Witnessing runs beside the app, never in a request: it starts once the app is ready (idempotent when
  // several apps share the services) and stops when the mechanism closes.
  app.addHook('onReady', () => {
    services.witnessing.start(app.log);
    return Promise.resolve();
  });
  await app.register(securityPlugin, { services });
  await app.register(jsonBodyParserPlugin);
  await app.register(signInPurgePlugin, { services });
  await app.register(openApiPlugin, { services });
  await app.register(authPlugin, { services });
  await app.register(healthRoutes, { services });
  await app.register(logTileRoutes, { services });
  await app.register(mechanismRoutes, { services, prefix: '/api/v1' });
  await app.register(statementRoutes, { services, prefix: '/api/v1' });
  await app.register(proofRoutes, { services, prefix: '/api/v1' });
  await app.register(checkpointRoutes, { services, prefix: '/api/v1' });
  await app.register(logEnvelopeRoutes, { services, prefix: '/api/v1' });
  await app.register(metricsRoutes, { services, prefix: '/api/v1' });
  await app.register(authRoutes, { services, prefix: '/api/v1' });
  await app.register(recordRoutes, { services, prefix: '/api/v1' });
  await app.register(inboxRoutes, { services, prefix: '/api/v1' });
  await app.register(evidenceRoutes, { services, prefix: '/api/v1' });
  await app.register(publicationRoutes, { services, prefix: '/api/v1' });
  await app.register(reportDocumentRoutes, { services, prefix: '/api/v1' });
  await app.register(reportDraftRoutes, { services, prefix: '/api/v1' });
  await app.register(memberRoutes, { services, prefix: '/api/v1' });
  await app.register(ruleChangeRoutes, { services, prefix: '/api/v1' });
  await app.register(eventRoutes, { services, prefix: '/api/v1' });
  await app.register(exportRoutes, { services, prefix: '/api/v1' });
  // Last, and only when configured: the web app answers what no route of the API, the log or the probes does.
  if (services.config.webRoot !== undefined) await app.register(createWebAppPlugin(services.config.webRoot));
  return app;
}
