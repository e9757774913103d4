// apps/server: the Fastify application that serves a mechanism (@jmm/mechanism opens it).
export { buildApp } from './build-app.ts';
export type { AppServices } from './app-services.ts';
export { ServerError, type ServerErrorCode } from './server-error.ts';
export { mapErrorToProblem, type ProblemDetails } from './problem-details.ts';
export { startServer, type RunningServer } from './start-server.ts';
