#!/usr/bin/env node
// Entry point of `jmm` (and `npx jmm` from the repository root): registers tsx so the TypeScript sources run
// directly, then hands over to the CLI.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/run-cli.ts');
process.exitCode = await runCli(process.argv, process.env);
