// One server process of the failover test (failover.test.ts): the real startServer on a loopback port over a
// shared PostgreSQL log. It prints its URL as one JSON line, closes cleanly on SIGTERM, and is SIGKILLed by the
// test at random moments.
import { parseArgs } from 'node:util';
import { startServer } from '../../src/start-server.ts';
import { parseServerConfig } from '@jmm/mechanism';

const { values } = parseArgs({
  options: { data: { type: 'string' }, 'database-url': { type: 'string' } },
  strict: true,
});
const server = await startServer(
  parseServerConfig(
    {
      data: values.data,
      'database-url': values['database-url'],
      host: '127.0.0.1',
      port: '0',
      'log-level': 'silent',
      // Thirty-two submitters on one loopback address send more than a real client may.
      'rate-limit': '10000000',
    },
    {},
  ),
);
process.on('SIGTERM', () => {
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
console.log(JSON.stringify({ url: server.url }));
