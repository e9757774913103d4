import { startServer } from '@jmm/server';
import { WEB_DIST_DIR } from '@jmm/web/dist-dir';
import type { CliOutput } from '../cli-output.ts';
import { runDemo } from './demo-command.ts';
import { holdsMechanism } from './init-command.ts';
import type { ServerConfig } from '@jmm/mechanism';

/**
 * `jmm serve`: serves the mechanism in the data directory until SIGINT or SIGTERM, then closes gracefully
 * (in-flight requests finish, queued statements are sequenced). With `--demo-if-empty` (what `npm start` uses)
 * an empty data directory first gets the demonstration mechanism. The web app is served at `/` from
 * `--web-root` (JMM_WEB_ROOT), or else from the build of apps/web installed beside the CLI; until it is built,
 * `/` says how to build it.
 */
export async function runServe(
  config: ServerConfig,
  options: { demoIfEmpty: boolean; seed: string },
  output: CliOutput,
  signals: NodeJS.EventEmitter,
): Promise<void> {
  if (options.demoIfEmpty && !(await holdsMechanism(config.dataDir))) {
    await runDemo(config, { seed: options.seed }, output);
  }
  const webRoot = config.webRoot ?? WEB_DIST_DIR;
  const server = await startServer({ ...config, webRoot });
  output.result({ url: server.url, origin: server.mechanism.services.engine.mechanismState.origin }, () =>
    [
      `JMM is serving ${server.mechanism.services.engine.mechanismState.origin} at ${server.url}`,
      `Web app: ${server.url} (files in ${webRoot})`,
      `API documentation: ${server.url}api/docs`,
      `Log (C2SP tlog-tiles): ${server.url}log/checkpoint`,
    ].join('\n'),
  );
  await new Promise<void>((resolve) => {
    const stop = () => {
      signals.removeListener('SIGINT', stop);
      signals.removeListener('SIGTERM', stop);
      output.info('Shutting down…');
      void server.close().then(resolve);
    };
    signals.on('SIGINT', stop);
    signals.on('SIGTERM', stop);
  });
}
