import type { ServerConfig } from '@jmm/server';
import type { CliOutput } from '../cli-output.ts';
import { createDemoMechanism } from '../demo/create-demo-mechanism.ts';

/** `jmm demo`: creates the demonstration mechanism (synthetic data) in the data directory and exits. */
export async function runDemo(
  config: ServerConfig,
  options: { seed: string },
  output: CliOutput,
): Promise<void> {
  output.info(`Creating the demonstration mechanism (synthetic data) in ${config.dataDir}…`);
  const summary = await createDemoMechanism(config, { seed: options.seed, clock: () => Date.now() });
  output.result(
    summary,
    () =>
      `Demonstration mechanism ${summary.origin}: ${summary.orgs} organisations, ${summary.members} members, ${summary.treeSize} log entries. All data is synthetic.`,
  );
}
