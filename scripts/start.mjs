#!/usr/bin/env node
/**
 * `npm start` (after the build): run the desktop app when Electron's binary is installed; otherwise run browser
 * mode (`pmu serve`) and print the URL to open. Arguments after `--` go to `pmu serve` (e.g. `--port 8080`).
 * Electron's npm package exports the path of its binary; `require('electron')` throws when the binary
 * download failed, and the package is absent when npm dropped the optional dependency.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/** Path of the Electron binary, or null when it is not available. */
function electronBinary() {
  try {
    const bin = require('electron');
    return typeof bin === 'string' && existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

/** Run a child with our stdio; forward Ctrl+C / termination; exit with its code. */
function run(command, args) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const electron = electronBinary();
if (electron) {
  run(electron, [root]);
} else {
  const cli = path.join(root, 'dist', 'main', 'cli.cjs');
  if (!existsSync(cli)) {
    console.error('The workstation is not built yet. Run "npm run build" first.');
    process.exit(1);
  }
  console.log("Electron's binary is not available on this machine — starting browser mode");
  run(process.execPath, [cli, 'serve', ...process.argv.slice(2)]);
}
