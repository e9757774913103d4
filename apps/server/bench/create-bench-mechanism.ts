import { randomBytes } from 'node:crypto';
import { BENCH_ORIGIN, signBenchGenesis, signLoadSignerEnrollments } from './bench-identities.ts';
import { initializeMechanism, openMechanism, parseServerConfig } from '@jmm/mechanism';

export interface BenchMechanismLocation {
  /** Data directory (log key, mechanism.json and, without `databaseUrl`, the SQLite file). */
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
}

/**
 * Creates the benchmark's mechanism the way an operator would (initializeMechanism), then enrols the load's
 * signers through the real sequencer, and closes it again: the server process opens it afresh. Returns the
 * tree size at the end of setup.
 */
export async function createBenchMechanism(
  location: BenchMechanismLocation,
  issuedAt: string,
): Promise<bigint> {
  const config = parseServerConfig(
    { data: location.dataDir, 'log-level': 'silent', 'database-url': location.databaseUrl },
    {},
  );
  await initializeMechanism(config, {
    origin: BENCH_ORIGIN,
    signGenesis: (logVerifierKey) => signBenchGenesis(logVerifierKey, issuedAt),
  });
  const mechanism = await openMechanism(config, {
    clock: () => Date.now(),
    randomBytes: (length) => new Uint8Array(randomBytes(length)),
  });
  try {
    const enrollments = await signLoadSignerEnrollments(issuedAt);
    await Promise.all(enrollments.map((envelope) => mechanism.services.engine.submit(envelope)));
    return mechanism.services.engine.latestCheckpoint?.treeSize ?? 0n;
  } finally {
    await mechanism.close();
  }
}
