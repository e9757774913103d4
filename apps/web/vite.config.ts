import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The SPA is built once and served by the JMM server at `/` (DESIGN.md §7). Map and charts are separate chunks
// loaded on demand, so the public portal stays small on a slow link.
export default defineConfig({
  plugins: [react()],
  // Resolve @jmm/core's "#ed25519"/"#sha256" to their browser builds (package.json "imports" conditions).
  resolve: { conditions: ['browser', 'import', 'default'] },
  build: {
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
    assetsInlineLimit: 0,
  },
  server: { proxy: { '/api': 'http://localhost:8080', '/log': 'http://localhost:8080' } },
});
