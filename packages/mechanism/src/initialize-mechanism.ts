import { randomBytes } from 'node:crypto';
import type { Envelope } from '@jmm/core';
import type { SubmitResult } from '@jmm/log';
import { createMechanismFiles } from './mechanism-files.ts';
import { openMechanism } from './open-mechanism.ts';
import type { ServerConfig } from './server-config.ts';

export interface InitializeMechanismOptions {
  readonly origin: string;
  /** Builds and signs the genesis once the log key exists (the genesis names the log's verifier key). */
  readonly signGenesis: (logVerifierKey: string) => Promise<Envelope>;
  readonly clock?: () => number;
}

/**
 * Creates a mechanism in `config.dataDir` (log key, mechanism.json, migrated database) and sequences its
 * genesis. Fails without changing anything if the directory already holds a mechanism.
 */
export async function initializeMechanism(
  config: ServerConfig,
  options: InitializeMechanismOptions,
): Promise<SubmitResult> {
  const files = await createMechanismFiles(config.dataDir, options.origin);
  const mechanism = await openMechanism(config, {
    clock: options.clock ?? (() => Date.now()),
    randomBytes: (length) => new Uint8Array(randomBytes(length)),
    files,
  });
  try {
    return await mechanism.services.engine.submit(await options.signGenesis(files.logVerifierKey));
  } finally {
    await mechanism.close();
  }
}
