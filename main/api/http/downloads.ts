/**
 * Browser-mode downloads of export files: the export handler registers a written file and gets a short-lived,
 * unguessable token; `GET /api/download/<token>` (http-server.ts, behind the same Host/loopback checks as the
 * API) sends it as an attachment. Only files inside one folder (the exports folder) can be offered, so a token
 * can never expose another file. The page never sends a path: it only holds the token.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { ServerResponse } from 'node:http';
import { SECURITY_HEADERS } from './csp';
import { sendText } from './static-files';

/** How long a download link works, ms (10 minutes). */
export const DOWNLOAD_TTL_MS = 10 * 60_000;
/** Shape of a token in the URL (24 random bytes, base64url). */
export const DOWNLOAD_TOKEN = /^[A-Za-z0-9_-]{32}$/;

const TYPES: Readonly<Record<string, string>> = {
  '.csv': 'text/csv; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.txt': 'text/plain; charset=utf-8',
};

/** One offered file. */
interface Offer {
  readonly file: string;
  readonly fileName: string;
  readonly expires: number;
}

/** The files currently offered for download, by token. */
export class DownloadRegistry {
  private readonly offers = new Map<string, Offer>();
  private readonly root: () => string;

  /**
   * @param root the only folder whose files may be offered (the exports folder), or a function giving it at each offer
   *   (the export folder is a setting an administrator may change while the app runs)
   * @param opts.ttlMs lifetime of a link (default {@link DOWNLOAD_TTL_MS}); `now` for tests
   */
  constructor(root: string | (() => string), private readonly opts: { ttlMs?: number; now?: () => number } = {}) {
    this.root = typeof root === 'string' ? () => path.resolve(root) : () => path.resolve(root());
  }

  /**
   * Offer `file` (inside the root folder) as `fileName`; returns the relative URL `api/download/<token>`.
   * @throws Error when the file is outside the root folder (a programming error: never offered).
   */
  offer(file: string, fileName: string): string {
    const abs = path.resolve(file);
    const root = this.root();
    if (!abs.startsWith(root + path.sep)) throw new Error(`refusing to offer ${abs}: outside ${root}`);
    this.prune();
    const token = randomBytes(24).toString('base64url');
    this.offers.set(token, { file: abs, fileName, expires: this.now() + (this.opts.ttlMs ?? DOWNLOAD_TTL_MS) });
    return `api/download/${token}`;
  }

  /** The offer of `token` while it is valid, else null. */
  lookup(token: string): Offer | null {
    const offer = this.offers.get(token);
    if (!offer) return null;
    if (offer.expires <= this.now()) {
      this.offers.delete(token);
      return null;
    }
    return offer;
  }

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }

  private prune(): void {
    const now = this.now();
    for (const [token, o] of this.offers) if (o.expires <= now) this.offers.delete(token);
  }
}

/** `Content-Disposition: attachment` with an ASCII fallback name and the RFC 5987 UTF-8 name. */
export function attachmentHeader(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** Answer `GET|HEAD /api/download/<token>`: the file as an attachment, or 404 with a plain sentence. */
export async function serveDownload(registry: DownloadRegistry, token: string, res: ServerResponse, head: boolean): Promise<void> {
  const offer = DOWNLOAD_TOKEN.test(token) ? registry.lookup(token) : null;
  const gone = 'This download link has expired or is not valid. Export the file again.';
  if (!offer) return sendText(res, 404, gone);
  const info = await stat(offer.file).catch(() => null);
  if (!info?.isFile()) return sendText(res, 404, gone);
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': TYPES[path.extname(offer.file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': String(info.size),
    'Content-Disposition': attachmentHeader(offer.fileName),
    'Cache-Control': 'no-store',
  });
  if (head) {
    res.end();
    return;
  }
  createReadStream(offer.file)
    .on('error', () => res.destroy())
    .pipe(res);
}
