/**
 * Serving the built renderer (dist/renderer) in browser mode: GET/HEAD of files under one folder, with the
 * UI's security headers (csp.ts). Paths that escape the folder, hidden files and unknown types are refused.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { ServerResponse } from 'node:http';
import { SECURITY_HEADERS } from './csp';

/** Content types of the files a Vite build produces. */
const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Content type of a UI file by its extension, or undefined for types the UI never serves. */
export function contentTypeOf(file: string): string | undefined {
  return TYPES[path.extname(file).toLowerCase()];
}

/**
 * Resolve a URL path (already without query) to a file under `root`, or null when it is not allowed:
 * undecodable, NUL byte, a segment starting with '.', or outside `root`. `/` maps to `/index.html`.
 */
export function resolveStaticPath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  if (decoded.split('/').some((seg) => seg.startsWith('.'))) return null;
  const rel = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const base = path.resolve(root);
  const file = path.resolve(base, rel);
  return file.startsWith(base + path.sep) ? file : null;
}

/** Write a small plain-text answer with the security headers. */
export function sendText(res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...extra });
  res.end(text);
}

/** Serve `urlPath` from `root` (GET or HEAD). 404 when missing or not allowed. */
export async function serveStatic(root: string, urlPath: string, res: ServerResponse, head: boolean): Promise<void> {
  const file = resolveStaticPath(root, urlPath);
  const type = file ? contentTypeOf(file) : undefined;
  if (!file || !type) return sendText(res, 404, 'Not found');
  let size: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) return sendText(res, 404, 'Not found');
    size = info.size;
  } catch {
    return sendText(res, 404, 'Not found');
  }
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': type,
    'Content-Length': String(size),
    // index.html must be revalidated so a rebuilt UI is picked up; hashed assets may be cached briefly.
    'Cache-Control': file.endsWith('.html') ? 'no-cache' : 'max-age=300',
  });
  if (head) {
    res.end();
    return;
  }
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}
