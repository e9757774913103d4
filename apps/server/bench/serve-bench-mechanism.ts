// The server process of the benchmark (spawned by spawnBenchServer): the real startServer on a loopback port,
// in its own process so that the load generator never shares its event loop. It prints its URL and answers
// commands on stdin, one JSON line each: `usage` (CPU time and event-loop utilisation), `profile-start` and
// `profile-stop <file>` (a CPU profile of the main thread for one phase, through the inspector, and with
// --sql-timing the time per SQL statement beside it as <file>.sql.json). It closes cleanly when stdin ends,
// which also happens when the parent dies.
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
// Through the package, so that a server started with --conditions=jmm-built runs the built JavaScript.
import { startServer } from '@jmm/server';
import { installSqlTiming, takeSqlTimings } from './sql-timing.ts';
import { parseServerConfig } from '@jmm/mechanism';

export interface ServerUsage {
  /** CPU time of the whole process (all threads, including libuv's pool), microseconds. */
  readonly cpuMicros: number;
  /** Event-loop utilisation counters (performance.eventLoopUtilization), milliseconds. */
  readonly loopIdleMs: number;
  readonly loopActiveMs: number;
}

const { values } = parseArgs({
  options: {
    data: { type: 'string' },
    'database-url': { type: 'string' },
    'sql-timing': { type: 'boolean', default: false },
  },
  strict: true,
});
if (values['sql-timing']) installSqlTiming();
const opening = performance.now();
const server = await startServer(
  parseServerConfig(
    {
      data: values.data,
      'database-url': values['database-url'],
      host: '127.0.0.1',
      port: '0',
      'log-level': 'silent',
      // The benchmark is one client address sending far more than any real client may.
      'rate-limit': '10000000',
    },
    {},
  ),
);

let closing = false;
const shutDown = () => {
  if (closing) return;
  closing = true;
  server.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
};
process.on('SIGTERM', shutDown);
process.on('SIGINT', shutDown);

/** Sampling every 250 µs: a submission costs a few hundred µs of main-thread time, a read tens. */
const PROFILE_INTERVAL_MICROS = 250;
let inspector: Session | undefined;

async function answer(command: string): Promise<unknown> {
  if (command === 'usage') {
    const cpu = process.cpuUsage();
    const loop = performance.eventLoopUtilization();
    const usage: ServerUsage = {
      cpuMicros: cpu.user + cpu.system,
      loopIdleMs: loop.idle,
      loopActiveMs: loop.active,
    };
    return usage;
  }
  if (command === 'profile-start') {
    inspector = new Session();
    inspector.connect();
    await inspector.post('Profiler.enable');
    await inspector.post('Profiler.setSamplingInterval', { interval: PROFILE_INTERVAL_MICROS });
    await inspector.post('Profiler.start');
    takeSqlTimings();
    return { profiling: true };
  }
  if (command.startsWith('profile-stop ') && inspector !== undefined) {
    const { profile } = await inspector.post('Profiler.stop');
    inspector.disconnect();
    inspector = undefined;
    const path = command.slice('profile-stop '.length);
    await writeFile(path, JSON.stringify(profile));
    if (values['sql-timing']) await writeFile(`${path}.sql.json`, JSON.stringify(takeSqlTimings(), null, 1));
    return { profiling: false };
  }
  return { error: `unknown command ${command}` };
}

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  answer(line).then(
    (reply) => {
      console.log(JSON.stringify(reply));
    },
    (error: unknown) => {
      console.log(JSON.stringify({ error: String(error) }));
    },
  );
});
lines.on('close', shutDown);
// performance.now() counts from the process's start: loading the modules, then opening the mechanism.
console.log(
  JSON.stringify({ url: server.url, readyMs: performance.now(), openMs: performance.now() - opening }),
);
