// apps/server: the Fastify application, its configuration and the mechanism it serves.
export { buildApp } from './build-app.ts';
export type { AppServices } from './app-services.ts';
export { parseServerConfig, type ServerConfig, type ConfigInput } from './server-config.ts';
export {
  openMechanism,
  openDatabase,
  type OpenMechanism,
  type OpenMechanismOptions,
} from './open-mechanism.ts';
export { createMechanismFiles, readMechanismFiles, type MechanismFiles } from './mechanism-files.ts';
export { ServerError, type ServerErrorCode } from './server-error.ts';
export { mapErrorToProblem, type ProblemDetails } from './problem-details.ts';
export { startServer, type RunningServer } from './start-server.ts';
export { initializeMechanism, type InitializeMechanismOptions } from './initialize-mechanism.ts';
export {
  rebuildMechanism,
  type RebuildOptions,
  type RebuildProgress,
  type RebuildSummary,
  type RebuildTarget,
} from './rebuild-mechanism.ts';
export { writeNewFile } from './mechanism-files.ts';
