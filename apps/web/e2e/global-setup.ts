import type { TestProject } from 'vitest/node';
import { startJmmServer, type JmmServerInfo } from './jmm-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The one JMM server every e2e test file talks to (see jmm-server-info.ts). */
    jmmServer: JmmServerInfo;
  }
}

/**
 * vitest globalSetup of the `e2e` project: one real server, with the demo, for all e2e files (creating the demo
 * takes ~20 s, too long to repeat per file). Tests must therefore not rely on state another file changed.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startJmmServer();
  project.provide('jmmServer', {
    url: server.url,
    dataDir: server.dataDir,
    demoKeysPath: server.demoKeysPath,
  });
  return () => server.stop();
}
