/**
 * Incremental build bookkeeping for scripts/build.mjs: which source files each output was built from, so a second
 * `npm start` (or `npm run build`) skips every output none of whose inputs changed (issue 13.12: a start that rebuilt
 * everything spent ~15 s of 20 s building).
 *
 * The manifest `dist/.build-manifest.json` maps an output (e.g. `dist/main/cli.cjs`, `dist/renderer`) to its
 * inputs — the files esbuild's metafile and rollup's module graph name, plus the build's own configuration files —
 * each with size, mtime (ms) and SHA-1. An output is fresh when it exists, the tool versions are the same, and every
 * input still has its size and mtime, or, when only the mtime moved (a checkout, a touch), its SHA-1. A file added
 * to the sources can only matter once an existing input imports it, which changes that input. `--force` ignores the
 * manifest. Node built-ins only.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const MANIFEST_VERSION = 1;

/** SHA-1 of a file's bytes, hex. */
function sha1(file) {
  return createHash('sha1').update(readFileSync(file)).digest('hex');
}

/** `{ size, mtimeMs, sha1 }` of a file, or null when it is gone. */
function fingerprint(file) {
  try {
    const st = statSync(file);
    return st.isFile() ? { size: st.size, mtimeMs: Math.round(st.mtimeMs), sha1: sha1(file) } : null;
  } catch {
    return null;
  }
}

/** The build cache of `root` (the repository) for tools of versions `tools` (e.g. `{ esbuild, vite, node }`). */
export class BuildCache {
  constructor(root, tools, { force = false } = {}) {
    this.root = root;
    this.file = path.join(root, 'dist', '.build-manifest.json');
    this.tools = tools;
    this.force = force;
    let m = null;
    try {
      m = JSON.parse(readFileSync(this.file, 'utf8'));
    } catch {
      m = null;
    }
    const usable = m && m.version === MANIFEST_VERSION && JSON.stringify(m.tools) === JSON.stringify(tools);
    this.outputs = usable ? m.outputs : {};
  }

  /**
   * True when `output` (relative to the root) exists and none of its recorded inputs changed. Inputs whose mtime moved
   * but whose bytes did not get their new mtime recorded, so the next check is a stat again.
   */
  fresh(output) {
    if (this.force || !existsSync(path.join(this.root, output))) return false;
    const rec = this.outputs[output];
    if (!rec || !rec.inputs) return false;
    let touched = false;
    for (const [rel, fp] of Object.entries(rec.inputs)) {
      const abs = path.join(this.root, rel);
      let st;
      try {
        st = statSync(abs);
      } catch {
        return false;
      }
      if (st.size !== fp.size) return false;
      if (Math.round(st.mtimeMs) === fp.mtimeMs) continue;
      if (sha1(abs) !== fp.sha1) return false;
      rec.inputs[rel] = { ...fp, mtimeMs: Math.round(st.mtimeMs) };
      touched = true;
    }
    if (touched) this.dirty = true;
    return true;
  }

  /** Record that `output` was built now from `inputs` (paths absolute or relative to the root; missing ones skipped). */
  record(output, inputs) {
    const map = {};
    for (const p of new Set(inputs)) {
      const rel = path.relative(this.root, path.resolve(this.root, p)).split(path.sep).join('/');
      if (rel.startsWith('..')) continue; // outside the repository (never expected): not tracked
      const fp = fingerprint(path.join(this.root, rel));
      if (fp) map[rel] = fp;
    }
    this.outputs[output] = { inputs: map, builtUtc: new Date().toISOString() };
    this.dirty = true;
  }

  /** Forget `output` (its build failed): the next build does it again. */
  forget(output) {
    delete this.outputs[output];
    this.dirty = true;
  }

  /** Write the manifest when anything changed. */
  save() {
    if (!this.dirty) return;
    writeFileSync(this.file, `${JSON.stringify({ version: MANIFEST_VERSION, tools: this.tools, outputs: this.outputs })}\n`);
    this.dirty = false;
  }
}
