#!/usr/bin/env node
// Entry point of `jmm` (and `npx jmm` from the repository root). Started with `--conditions=jmm-built` (as
// `npm start` does, and production should), the packages resolve to the JavaScript of `npm run build:dist` and
// that is what runs; otherwise tsx is registered so the TypeScript sources run directly (development).
const built = import.meta.resolve('@jmm/server').endsWith('/build/index.js');
let runCli;
if (built) {
  ({ runCli } = await import('../build/run-cli.js'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ runCli } = await import('../src/run-cli.ts'));
}
process.exitCode = await runCli(process.argv, process.env);
