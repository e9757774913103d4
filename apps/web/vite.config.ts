import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/** Text assets worth compressing; images and fonts are compressed already. */
const COMPRESSIBLE = /\.(?:js|mjs|css|html|json|svg|map)$/;

/**
 * Writes a Brotli (`.br`) and a gzip (`.gz`) copy beside every text asset of the build, which the server sends
 * to browsers that accept them (@fastify/static `preCompressed`). Compressing once at build time, at the
 * highest level, costs the server nothing per request and matters on the slow links field teams work on.
 */
function precompressAssets(): Plugin {
  let outDir = 'dist';
  return {
    name: 'jmm-precompress-assets',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    closeBundle() {
      const visit = (dir: string) => {
        for (const name of readdirSync(dir)) {
          const path = join(dir, name);
          if (statSync(path).isDirectory()) visit(path);
          else if (COMPRESSIBLE.test(name)) {
            const bytes = readFileSync(path);
            if (bytes.length < 1024) continue;
            writeFileSync(
              `${path}.br`,
              brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
            );
            writeFileSync(`${path}.gz`, gzipSync(bytes, { level: 9 }));
          }
        }
      };
      visit(outDir);
    },
  };
}

// The SPA is built once and served by the JMM server at `/` (DESIGN.md §7). Map and charts are separate chunks
// loaded on demand, so the public portal stays small on a slow link.
export default defineConfig({
  plugins: [react(), precompressAssets()],
  // Resolve @jmm/core's "#ed25519"/"#sha256" to their browser builds (package.json "imports" conditions).
  resolve: { conditions: ['browser', 'import', 'default'] },
  build: {
    target: 'es2022',
    sourcemap: true,
    // The map chunk (maplibre and the offline base map) is large by nature and loads only with a map.
    chunkSizeWarningLimit: 2500,
    assetsInlineLimit: 0,
  },
  server: { proxy: { '/api': 'http://localhost:8080', '/log': 'http://localhost:8080' } },
});
