/**
 * Layering rules, checked on the source tree (pattern: VS Code's `code-layering` lint rule):
 * - renderer/ (browser) never imports main/ (node) — it talks to main only through contract/index.ts;
 * - protocol/, schemes/ and contract/ are pure: no `node:`/node built-in modules, no electron, no DOM;
 * - `electron` (an optional dependency, absent where its binary cannot be installed) is imported only by the
 *   desktop entry points main/electron/ and preload/index.ts, so the CLI and browser mode never need it.
 * The checker is tested on small samples first, so a broken checker cannot pass the tree silently.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BUILTINS = new Set(builtinModules);
const DOM_GLOBALS = ['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'HTMLElement', 'EventSource', 'XMLHttpRequest', 'fetch'];

/** Every module specifier a source imports (static, dynamic, re-export, require); comments are ignored. */
function importsOf(source: string): string[] {
  const specs: string[] = [];
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:\\'"])\/\/.*$/gm, '$1');
  const patterns = [
    /\b(?:import|export)\s[^'"`;]*?\sfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const re of patterns) for (const m of code.matchAll(re)) if (m[1]) specs.push(m[1]);
  return specs;
}

/** Source without comments and string/template contents (so docstrings do not count as code). */
function codeOnly(source: string): string {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:\\])\/\/.*$/gm, '$1')
    .replace(/'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"|`(?:\\.|[^`\\])*`/g, "''");
}

/** Problems that make `source` (at `file`) impure: node/electron imports, DOM globals. */
function purityProblems(source: string): string[] {
  const problems: string[] = [];
  for (const spec of importsOf(source)) {
    if (spec.startsWith('node:') || BUILTINS.has(spec) || spec === 'electron' || spec.startsWith('electron/')) {
      problems.push(`imports "${spec}"`);
    }
  }
  const code = codeOnly(source);
  for (const g of DOM_GLOBALS) {
    if (new RegExp(`(?<![.\\w$])${g}\\b(?!\\s*:)`).test(code)) problems.push(`uses the DOM global "${g}"`);
  }
  return problems;
}

/** Imports in `source` (at `file`) that reach into main/. */
function mainImports(file: string, source: string): string[] {
  return importsOf(source).filter((spec) => {
    if (!spec.startsWith('.')) return spec === 'electron' || spec.startsWith('node:') || BUILTINS.has(spec);
    const target = path.relative(ROOT, path.resolve(path.dirname(file), spec));
    return target === 'main' || target.startsWith(`main${path.sep}`);
  });
}

function sourcesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|tsx|mts|cts|js|mjs)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name)) out.push(p);
    }
  };
  walk(path.join(ROOT, dir));
  return out;
}

describe('layering checker (on samples)', () => {
  it('finds every import form', () => {
    const src = `// import x from 'commented';\n/** require('electron') in a docstring */\nimport a from './a';\nimport { b } from "../b";\nimport './c.css';\nexport * from './d';\nconst e = await import('./e');\nconst f = require('f');\nimport type { G } from './g';`;
    expect(importsOf(src)).toEqual(expect.arrayContaining(['./a', '../b', './c.css', './d', './e', 'f', './g']));
    expect(importsOf(src)).not.toContain('commented');
    expect(importsOf(src)).not.toContain('electron');
  });

  it('flags node, electron and DOM use, but not words in comments or strings', () => {
    expect(purityProblems(`import { readFile } from 'node:fs';`)).toEqual(['imports "node:fs"']);
    expect(purityProblems(`import path from 'path';`)).toEqual(['imports "path"']);
    expect(purityProblems(`import { ipcRenderer } from 'electron';`)).toEqual(['imports "electron"']);
    expect(purityProblems(`const w = window.innerWidth;`)).toEqual(['uses the DOM global "window"']);
    expect(purityProblems(`const r = await fetch(url);`)).toEqual(['uses the DOM global "fetch"']);
    expect(purityProblems(`/** the document of the meter */\nconst s = 'open the window';\nconst o = { document: 1 };\no.window = 2;`)).toEqual([]);
  });

  it('flags a renderer import that reaches main/', () => {
    const file = path.join(ROOT, 'renderer/state/x.ts');
    expect(mainImports(file, `import { readMeter } from '../../main/services/read-meter';`)).toHaveLength(1);
    expect(mainImports(file, `import { calls } from '../../contract';`)).toEqual([]);
    expect(mainImports(file, `import { readFileSync } from 'node:fs';`)).toHaveLength(1);
  });
});

describe('layering of the source tree', () => {
  it('renderer/ never imports main/, node or electron', () => {
    const files = sourcesUnder('renderer');
    expect(files.length).toBeGreaterThan(0);
    const bad = files.flatMap((f) => mainImports(f, readFileSync(f, 'utf8')).map((s) => `${path.relative(ROOT, f)}: ${s}`));
    expect(bad).toEqual([]);
  });

  it('protocol/, schemes/ and the contract are pure (no node, electron or DOM)', () => {
    const files = [...sourcesUnder('protocol'), ...sourcesUnder('schemes'), ...sourcesUnder('meter-definitions'), ...sourcesUnder('programming'), ...sourcesUnder('reporting'), ...sourcesUnder('contract')];
    expect(files.length).toBeGreaterThan(1);
    const bad = files.flatMap((f) => purityProblems(readFileSync(f, 'utf8')).map((p) => `${path.relative(ROOT, f)}: ${p}`));
    expect(bad).toEqual([]);
  });

  it('only main/electron/ and preload/index.ts import electron', () => {
    const allowed = (rel: string): boolean => rel.startsWith(`main${path.sep}electron${path.sep}`) || rel === path.join('preload', 'index.ts');
    const files = ['main', 'preload', 'contract', 'renderer', 'protocol', 'schemes', 'meter-definitions', 'programming', 'reporting'].flatMap(sourcesUnder);
    expect(files.length).toBeGreaterThan(10);
    const bad = files
      .map((f) => path.relative(ROOT, f))
      .filter((rel) => !allowed(rel) && importsOf(readFileSync(path.join(ROOT, rel), 'utf8')).some((s) => s === 'electron' || s.startsWith('electron/')));
    expect(bad).toEqual([]);
  });
});
