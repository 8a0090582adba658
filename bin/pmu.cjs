#!/usr/bin/env node
// `pmu` command: runs the bundled CLI (built by `npm run build` into dist/main/cli.cjs).
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const cli = path.join(__dirname, '..', 'dist', 'main', 'cli.cjs');
if (!fs.existsSync(cli)) {
  process.stderr.write('pmu: the CLI is not built yet. Run "npm run build" in ' + path.join(__dirname, '..') + ' first.\n');
  process.exit(1);
}
require(cli).main(process.argv);
