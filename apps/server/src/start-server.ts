import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './build-app.ts';
import { openMechanism, type OpenMechanism, type ServerConfig } from '@jmm/mechanism';

export interface RunningServer {
  readonly app: FastifyInstance;
  readonly mechanism: OpenMechanism;
  readonly url: string;
  /** Stops listening, lets in-flight requests finish, drains the sequencer and closes the database. */
  close(): Promise<void>;
}

/** Opens the mechanism in `config.dataDir` and listens; the real clock and randomness enter here. */
export async function startServer(config: ServerConfig): Promise<RunningServer> {
  const mechanism = await openMechanism(config, {
    clock: () => Date.now(),
    randomBytes: (length) => new Uint8Array(randomBytes(length)),
  });
  const app = await buildApp(mechanism.services);
  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    await mechanism.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}/`;
  // Listening: now the other processes may hand this one submissions whenever it sequences.
  mechanism.services.election?.start(config.advertiseUrl ?? url, app.log);
  return {
    app,
    mechanism,
    url,
    close: async () => {
      await app.close();
      await mechanism.close();
    },
  };
}
