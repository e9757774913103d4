import { inject } from 'vitest';
import type { JmmServerInfo } from './jmm-server.ts';

/** In a test file: the server started by global-setup.ts (URL, data directory, demo-keys.json). */
export function jmmServerInfo(): JmmServerInfo {
  return inject('jmmServer');
}
