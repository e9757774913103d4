#!/usr/bin/env node
// `npm run build:dist`: the JavaScript that `jmm serve` runs in production (issue 9; STYLE.md habit 11). Each
// runtime package's src/ is transpiled file by file into build/ with TypeScript's own transpiler — relative
// `.ts` imports rewritten to `.js`, types erased, nothing bundled — and every other file under src/ (geodata)
// copied beside it. Type checking is not repeated here: `npm run check` (tsc -b) is the one check.
//
// A package's `exports` and `imports` name build/ under the `jmm-built` condition and src/ otherwise, so Node
// started with `--conditions=jmm-built` runs this JavaScript and everything else (tsx in development, tests,
// Vite, tsc) keeps reading the TypeScript sources. A stale build is never picked up by accident: only that
// condition selects it, and `npm start` rebuilds before it serves.
import { copyFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BUILT_PACKAGES = [
  'packages/core',
  'packages/domain',
  'packages/log',
  'packages/storage',
  'packages/client',
  'packages/witness',
  'packages/audit',
  'packages/interchange',
  'packages/report',
  'packages/mechanism',
  'apps/server',
  'apps/cli',
];

const COMPILER_OPTIONS = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  verbatimModuleSyntax: true,
  rewriteRelativeImportExtensions: true,
};

async function* walk(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else yield path;
  }
}

let files = 0;
for (const pkg of BUILT_PACKAGES) {
  const src = join(ROOT, pkg, 'src');
  const out = join(ROOT, pkg, 'build');
  await rm(out, { recursive: true, force: true });
  for await (const path of walk(src)) {
    const rel = relative(src, path);
    if (rel.endsWith('.test.ts') || rel.endsWith('.test.tsx') || rel.endsWith('.d.ts')) continue;
    const target = join(out, rel.replace(/\.ts$/, '.js'));
    await mkdir(dirname(target), { recursive: true });
    if (!rel.endsWith('.ts')) {
      await copyFile(path, target);
      continue;
    }
    const { outputText, diagnostics } = ts.transpileModule(await readFile(path, 'utf8'), {
      compilerOptions: COMPILER_OPTIONS,
      fileName: path,
      reportDiagnostics: true,
    });
    if (diagnostics !== undefined && diagnostics.length > 0)
      throw new Error(`${path}: ${ts.flattenDiagnosticMessageText(diagnostics[0].messageText, '\n')}`);
    await writeFile(target, outputText);
    files += 1;
  }
}
console.log(`build:dist: ${files} modules in ${BUILT_PACKAGES.length} packages`);
