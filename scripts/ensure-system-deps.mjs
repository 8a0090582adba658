// Makes sure the system tools the test suite needs are present: socat (pty pairs for the serial-link
// integration tests) and Debian's Chromium (Playwright end-to-end tests; never `npx playwright install`).
// Installs them with apt-get when missing and running as root; otherwise says exactly what to install.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const need = [];
if (spawnSync('socat', ['-V'], { stdio: 'ignore' }).status !== 0) need.push('socat');
if (!existsSync(process.env.PMU_CHROMIUM ?? '/usr/bin/chromium')) need.push('chromium');
if (need.length === 0) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
if (!isRoot || !hasApt) {
  console.error(`The test suite needs: ${need.join(', ')}. Install them (e.g. "sudo apt-get install -y ${need.join(' ')}") and run again.`);
  process.exit(1);
}
console.error(`Installing ${need.join(', ')} with apt-get (needed by the serial-link and browser tests)…`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
execFileSync('apt-get', ['install', '-y', '-qq', ...need], { stdio: 'inherit', env });
