/**
 * What dependency-cruiser (.dependency-cruiser.cjs, `npm run depcruise`) cannot say about the layering: the pure
 * packages (contract/, protocol/, schemes/, programming/, meter-definitions/) use no DOM global — the tool sees
 * imports, not globals. Folder directions, cycles, node built-ins and electron are the tool's rules.
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
});

describe('layering of the source tree', () => {
  it('protocol/, schemes/ and the contract are pure (no node, electron or DOM)', () => {
    const files = [...sourcesUnder('protocol'), ...sourcesUnder('schemes'), ...sourcesUnder('meter-definitions'), ...sourcesUnder('programming'), ...sourcesUnder('reporting'), ...sourcesUnder('contract')];
    expect(files.length).toBeGreaterThan(1);
    const bad = files.flatMap((f) => purityProblems(readFileSync(f, 'utf8')).map((p) => `${path.relative(ROOT, f)}: ${p}`));
    expect(bad).toEqual([]);
  });
});
