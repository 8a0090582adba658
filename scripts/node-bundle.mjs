/**
 * The esbuild options of every node-side bundle (platform node, CommonJS, node20), shared by scripts/build.mjs and
 * the CLI test bundle (main/cli/testing/global-setup.ts). Native packages (better-sqlite3, serialport and any
 * dependency with a native addon) and `electron` stay external: they are loaded from node_modules at run time.
 * Sources may use `import.meta.url`: in the CommonJS bundles it is defined from `__filename`.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { build as esbuild } from 'esbuild';

/** True when a dependency ships a native addon (binding.gyp, gypfile, or a native-loader dependency). */
function isNative(root, name) {
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

/**
 * Bundle `entry` (relative to `root`) into `outfile`; `importMetaUrl: false` for the sandboxed preload.
 * Resolves to esbuild's result with its metafile (the inputs, for the build cache of scripts/build.mjs).
 */
export async function bundleNode(root, entry, outfile, { importMetaUrl = true } = {}) {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  // pdfmake reads its fonts and pdfkit's font metrics from node_modules at run time: it stays external too.
  const external = [...new Set(['electron', 'better-sqlite3', 'serialport', 'pdfmake', ...Object.keys(pkg.dependencies ?? {}).filter((n) => isNative(root, n))])];
  return esbuild({
    absWorkingDir: root,
    metafile: true,
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
}
