// Child-process entry point of the crash test: a real `jmm serve` without the CLI around it. It takes the
// server flags as one JSON argument, listens (port 0 picks a free port) and prints `{"url": …}` on one stdout
// line once it accepts connections. The test kills it with SIGKILL; SIGTERM closes it gracefully, so the
// last round can check that a clean shutdown also leaves the log intact.
import { startServer } from '../../src/start-server.ts';
import { parseServerConfig } from '@jmm/mechanism';

const flags = JSON.parse(process.argv[2] ?? '{}') as Record<string, string>;
const server = await startServer(parseServerConfig(flags, {}));
process.once('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
