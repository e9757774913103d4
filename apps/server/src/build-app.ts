import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppServices } from './app-services.ts';
import { authPlugin } from './auth/auth-plugin.ts';
import { errorHandlerPlugin } from './plugins/error-handler.ts';
import { openApiPlugin } from './plugins/openapi.ts';
import { securityPlugin } from './plugins/security.ts';
import { authRoutes } from './routes/auth.routes.ts';
import { healthRoutes } from './routes/health.routes.ts';
import { logTileRoutes } from './routes/log-tiles.routes.ts';
import { mechanismRoutes } from './routes/mechanism.routes.ts';
import { proofRoutes } from './routes/proofs.routes.ts';
import { statementRoutes } from './routes/statements.routes.ts';

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
    genReqId: () => Buffer.from(services.randomBytes(8)).toString('hex'),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // The API speaks JSON only; any other body is 415 rather than a string that fails validation later.
  app.removeContentTypeParser('text/plain');

  await app.register(errorHandlerPlugin);
  await app.register(securityPlugin, { services });
  await app.register(openApiPlugin, { services });
  await app.register(authPlugin, { services });
  await app.register(healthRoutes, { services });
  await app.register(logTileRoutes, { services });
  await app.register(mechanismRoutes, { services, prefix: '/api/v1' });
  await app.register(statementRoutes, { services, prefix: '/api/v1' });
  await app.register(proofRoutes, { services, prefix: '/api/v1' });
  await app.register(authRoutes, { services, prefix: '/api/v1' });
  return app;
}
