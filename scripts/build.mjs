#!/usr/bin/env node
/**
 * Build everything into dist/:
 * - esbuild (platform node, CommonJS, node20): main/cli/index.ts → dist/main/cli.cjs,
 *   main/electron/main.ts → dist/main/electron-main.cjs, preload/index.ts → dist/preload/index.cjs.
 *   Native packages (better-sqlite3, serialport and any dependency with a native addon) and `electron` stay
 *   external: they are loaded from node_modules at run time.
 *   Sources may use `import.meta.url`: in the CommonJS bundles it is defined from `__filename`.
 * - vite build of the renderer (vite.config.ts) → dist/renderer.
 * Only what changed is built: each output is skipped while none of its inputs changed (./build-cache.mjs,
 * dist/.build-manifest.json; dependencies count as changed when npm rewrote node_modules/.package-lock.json).
 * Usage: node scripts/build.mjs [--no-renderer] [--force]
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { version as esbuildVersion } from 'esbuild';
import { BuildCache } from './build-cache.mjs';
import { bundleNode } from './node-bundle.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const viteVersion = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('vite/package.json'), 'utf8')).version;
const cache = new BuildCache(root, { esbuild: esbuildVersion, vite: viteVersion, node: process.versions.node }, { force: process.argv.includes('--force') });

/** Files every output depends on besides its sources: the build itself, the package and its installed dependencies. */
const BUILD_FILES = ['scripts/build.mjs', 'scripts/build-cache.mjs', 'scripts/node-bundle.mjs', 'package.json', 'package-lock.json', 'node_modules/.package-lock.json', 'tsconfig.json', 'tsconfig.base.json'];

/** Source inputs as tracked: files under node_modules are represented by npm's record of the install. */
function trackedInputs(files) {
  return [...files.filter((f) => !/(^|[\\/])node_modules[\\/]/.test(f) && !f.startsWith('\0') && !f.includes('?')), ...BUILD_FILES];
}

/** Bundle one node-side entry (options shared with the test bundle: scripts/node-bundle.mjs), skipped while its inputs are unchanged. */
async function bundle(entry, outfile, opts = {}) {
  if (cache.fresh(outfile)) return console.log(`up to date ${outfile}`);
  const result = await bundleNode(root, entry, outfile, opts).catch((err) => {
    cache.forget(outfile);
    throw err;
  });
  cache.record(outfile, trackedInputs(Object.keys(result.metafile.inputs)));
  console.log(`built ${outfile}`);
}

/** The renderer (vite), skipped while none of its modules changed. */
async function buildRenderer() {
  const out = 'dist/renderer';
  if (cache.fresh(out)) return console.log(`up to date ${out}`);
  const { build: viteBuild } = await import('vite');
  cache.forget(out);
  const result = await viteBuild({ configFile: path.join(root, 'vite.config.ts'), root: path.join(root, 'renderer'), logLevel: 'warn' });
  const chunks = (Array.isArray(result) ? result : [result]).flatMap((r) => r.output ?? []);
  const modules = chunks.flatMap((c) => (c.type === 'chunk' ? (c.moduleIds ?? Object.keys(c.modules ?? {})) : []));
  cache.record(out, trackedInputs([...modules, 'vite.config.ts', 'tsconfig.web.json', 'renderer/index.html', ...chunks.flatMap((c) => (c.type === 'asset' && c.originalFileNames ? c.originalFileNames.map((f) => path.join('renderer', f)) : []))]));
  console.log(`built ${out}`);
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
  if (!process.argv.includes('--no-renderer')) await buildRenderer();
}

const started = Date.now();
try {
  await buildAll();
  cache.save();
} catch (err) {
  cache.save();
  // esbuild and vite have already printed the file and line of each error.
  console.error(`build failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
  process.exit(1);
}
console.log(`build finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
