import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import type { AppServices } from '../app-services.ts';

/**
 * OpenAPI 3.1 generated from the routes' zod schemas (one definition for validation and documentation),
 * served as JSON at /api/docs/json and browsable at /api/docs.
 */
export const openApiPlugin = fp<{ services: AppServices }>(
  async (app, { services }) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'JMM mechanism API',
          version: '1',
          description:
            `The API of the joint monitoring mechanism ${services.engine.mechanismState.origin}. Statements are DSSE ` +
            'envelopes signed by their authors; the log is also served as C2SP tlog-tiles at /log/. Errors are ' +
            'RFC 9457 application/problem+json documents with a stable `code`.',
        },
        components: {
          securitySchemes: {
            bearer: {
              type: 'http',
              scheme: 'bearer',
              description: 'A session token from POST /api/v1/auth/login',
            },
            session: {
              type: 'apiKey',
              in: 'cookie',
              name: 'jmm_session',
              description: 'Browser session; unsafe methods need X-CSRF-Token',
            },
          },
        },
      },
      transform: jsonSchemaTransform,
    });
    await app.register(swaggerUi, {
      routePrefix: '/api/docs',
      staticCSP: true,
      uiConfig: { docExpansion: 'list', deepLinking: false },
    });
  },
  { name: 'jmm-openapi' },
);
