/**
 * Vite build of the renderer only (the main process, preload and CLI are bundled by esbuild in
 * scripts/build.mjs). No React plugin: esbuild's automatic JSX transform (tsconfig `jsx: react-jsx`) suffices,
 * and there is no dev server with hot reload in this project. `base: './'` makes asset URLs relative so the
 * same build works from http://127.0.0.1 (browser mode) and app://pmu (desktop).
 * Note: vitest reads vitest.config.ts (root) instead of this file, so unit tests are not limited to renderer/.
 */
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'renderer',
  base: './',
  publicDir: false,
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 1024,
  },
});
