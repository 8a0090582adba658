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
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as esbuild } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

/** True when a dependency ships a native addon (binding.gyp, gypfile, or a native-loader dependency). */
function isNative(name) {
  const dir = path.join(root, 'node_modules', name);
  if (existsSync(path.join(dir, 'binding.gyp'))) return true;
  try {
    const p = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    const deps = Object.keys({ ...p.dependencies, ...p.optionalDependencies });
    return p.gypfile === true || deps.some((d) => ['bindings', 'node-gyp-build', 'prebuild-install', '@serialport/bindings-cpp'].includes(d));
  } catch {
    return false;
  }
}

const external = [
  // pdfmake reads its fonts and pdfkit's font metrics from node_modules at run time: it stays external too.
  ...new Set(['electron', 'better-sqlite3', 'serialport', 'pdfmake', ...Object.keys(pkg.dependencies ?? {}).filter(isNative)]),
];

/** Bundle one node-side entry. */
async function bundle(entry, outfile, { importMetaUrl = true } = {}) {
  await esbuild({
    entryPoints: [path.join(root, entry)],
    outfile: path.join(root, outfile),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external,
    sourcemap: true,
    logLevel: 'warning',
    ...(importMetaUrl
      ? {
          banner: { js: "const __import_meta_url = require('url').pathToFileURL(__filename).href;" },
          define: { 'import.meta.url': '__import_meta_url' },
        }
      : {}),
  });
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
