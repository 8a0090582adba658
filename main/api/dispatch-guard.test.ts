/**
 * The app's dispatchers are always built with the app's AccessControl: a dispatcher without one runs every call
 * as the setup-mode test actor (dispatch.ts DispatchOptions.access), which only tests may do.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'testing' ? [] : sources(p);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

describe('dispatchers of the app', () => {
  it('always get the access control (no unguarded dispatcher outside tests)', () => {
    const calls: string[] = [];
    for (const file of sources(path.join(ROOT, 'main')).filter((f) => !f.endsWith(path.join('api', 'dispatch.ts')))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/createDispatcher\(([^;]*?)\)\s*[;,)]/gs)) {
        const rel = path.relative(ROOT, file);
        calls.push(rel);
        expect(m[1], `${rel}: createDispatcher(…) without { access }`).toMatch(/\baccess\b/);
      }
    }
    // The browser-mode server and the desktop app (at least).
    expect(calls).toEqual(expect.arrayContaining(['main/api/http/server.ts', 'main/electron/main.ts']));
  });
});
