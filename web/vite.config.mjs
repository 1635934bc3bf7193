// Builds the web app into web/dist (served by the API at /). Charts load as a separate chunk, so
// the first page stays small (test/web checks the gzipped budget).
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2020', chunkSizeWarningLimit: 1500, reportCompressedSize: false },
  logLevel: 'warn',
});
