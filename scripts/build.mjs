#!/usr/bin/env node
/**
 * Build everything into dist/:
 * - esbuild (platform node, CommonJS, node20): main/cli/index.ts → dist/main/cli.cjs,
 *   main/electron/main.ts → dist/main/electron-main.cjs, preload/index.ts → dist/preload/index.cjs.
 *   Native packages (better-sqlite3, serialport and any dependency with a native addon) and `electron` stay
 *   external: they are loaded from node_modules at run time.
 *   Sources may use `import.meta.url`: in the CommonJS bundles it is defined from `__filename`.
 * - vite build of the renderer (vite.config.ts) → dist/renderer.
 * Usage: node scripts/build.mjs [--no-renderer]
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleNode } from './node-bundle.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Bundle one node-side entry (options shared with the test bundle: scripts/node-bundle.mjs). */
async function bundle(entry, outfile, opts = {}) {
  await bundleNode(root, entry, outfile, opts);
  console.log(`built ${outfile}`);
}

/** Run every bundle, then the renderer build. Rejects on the first failure (errors already printed). */
async function buildAll() {
  const jobs = [];
  if (existsSync(path.join(root, 'main/cli/index.ts'))) jobs.push(bundle('main/cli/index.ts', 'dist/main/cli.cjs'));
  else console.log('skipped dist/main/cli.cjs (main/cli/index.ts does not exist yet)');
  jobs.push(bundle('main/electron/main.ts', 'dist/main/electron-main.cjs'));
  // The sandboxed preload may only require('electron') (and a few built-ins): no import.meta.url banner.
  jobs.push(bundle('preload/index.ts', 'dist/preload/index.cjs', { importMetaUrl: false }));
  const failed = (await Promise.allSettled(jobs)).find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;

  if (!process.argv.includes('--no-renderer')) {
    const { build: viteBuild } = await import('vite');
    await viteBuild({ configFile: path.join(root, 'vite.config.ts'), root: path.join(root, 'renderer'), logLevel: 'warn' });
    console.log('built dist/renderer');
  }
}

const started = Date.now();
try {
  await buildAll();
} catch (err) {
  // esbuild and vite have already printed the file and line of each error.
  console.error(`build failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
  process.exit(1);
}
console.log(`build finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
