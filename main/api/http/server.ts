/**
 * Browser mode: a plain node:http server on the loopback interface that serves the built UI and the same API
 * as the desktop app. Routes:
 * - `POST /api/session` — `{launch}` (the token of the launch URL) → `{token}`: this tab's bearer token
 *   (browser-sessions.ts). Every other `/api/` route except downloads needs it; without it: 401 `NO_SESSION`.
 * - `POST /api/call/<name>` — JSON argument object → JSON `CallReply` (contract/index.ts), via dispatch, with
 *   `Authorization: Bearer <token>`; the tab is the caller `browser:<id>` its user signs in on.
 * - `GET /api/events?session=<token>` — Server-Sent Events carrying every contract event (read and import progress,
 *   watcher); the token travels in the query because EventSource cannot send headers.
 * - `GET|HEAD /api/download/<token>` — an export file as an attachment (downloads.ts; short-lived unguessable token
 *   handed out only by an authorised export call).
 * - `GET|HEAD /…` — files of `staticDir` (dist/renderer) with a strict CSP.
 * Only requests whose Host is this loopback address are answered (DNS-rebinding guard), and calls must be JSON
 * from this origin (a web page elsewhere cannot drive the meter through the user's browser).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MAX_ICAL_CHARS, MAX_SCHEME_FILE_CHARS, MAX_SNIFF_CHARS, MAX_UPLOAD_BYTES } from '../../../contract';
import { AccessControl, type AccessOptions, type Caller } from '../../auth/access-control';
import { mayReceive } from '../../auth/event-scope';
import type { AppContext } from '../../core/context';
import { bearerOf, BrowserSessions, NO_SESSION_MESSAGE } from './browser-sessions';
import { createDispatcher, type Dispatch } from '../dispatch';
import { DownloadRegistry, serveDownload } from './downloads';
import { createHandlers, type EmitEvent } from '../handlers';
import { exportsDir } from '../../services/export-files';
import type { Services } from '../services';
import { SECURITY_HEADERS } from './csp';
import { SseHub } from './sse';
import { sendText, serveStatic } from './static-files';
import type { WatcherRuntime } from '../watcher-control';
import { createAppCollector } from '../../services/collection';
import { collectionProgressAudience } from '../../auth/event-scope';

/** Largest accepted call body, bytes, for calls without uploads. Every such argument object is far smaller. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * Largest body of call `name`, bytes: uploads (`importFiles`: base64 = 4/3 of the file bytes, plus JSON) and
 * CSV excerpts (`sniffCsv`: up to 6 bytes per escaped character) get room for their contract limits.
 */
export function bodyLimit(name: string): number {
  if (name === 'importFiles') return Math.ceil(MAX_UPLOAD_BYTES / 3) * 4 + 1024 * 1024;
  if (name === 'sniffCsv') return MAX_SNIFF_CHARS * 6 + MAX_BODY_BYTES;
  // Scheme files and iCal calendars travel as text (up to 6 bytes per escaped character); a saved scheme with
  // many special days can pass 64 KiB.
  if (name === 'schemes.importFile') return MAX_SCHEME_FILE_CHARS * 6 + MAX_BODY_BYTES;
  if (name === 'holidays.fromICal') return MAX_ICAL_CHARS * 6 + MAX_BODY_BYTES;
  if (name === 'schemes.save') return 16 * 1024 * 1024;
  return MAX_BODY_BYTES;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1']);

/** Options of {@link startHttpServer}. */
export interface HttpServerOptions {
  readonly ctx: AppContext;
  /** TCP port; 0 (default) = any free port. */
  readonly port?: number;
  /** Loopback address to bind: `127.0.0.1` (default), `localhost` or `::1`; anything else is refused. */
  readonly host?: string;
  /** Folder of the built renderer (contains index.html). */
  readonly staticDir: string;
  /**
   * Services the handlers call; default `realServices` (services.ts, loaded only when needed so tests with
   * fakes do not load serial ports or the store).
   */
  readonly services?: Services;
  /** Validate every result against the contract (tests). */
  readonly checkResults?: boolean;
  /** Where technical failure details go; default console.error. */
  readonly log?: (line: string) => void;
  /** Build the app's one folder watcher; its events go to the event stream. Absent: no watching. */
  readonly createWatcher?: (emit: EmitEvent) => WatcherRuntime;
  /** Sign-in options (clock, scrypt cost) for tests. */
  readonly access?: AccessOptions;
  /** Follow the collection schedules while the server runs (the app's collector, issue 14); default false. */
  readonly followSchedules?: boolean;
}

/** A running browser-mode server. */
export interface RunningServer {
  /** Base URL with trailing slash, e.g. `http://127.0.0.1:51234/`. */
  readonly url: string;
  /** The URL to open: the base URL with this launch's token, `http://127.0.0.1:51234/?launch=<token>`. */
  readonly launchUrl: string;
  /** The app's sign-in state (tests; the CLI prints nothing of it). */
  readonly access: AccessControl;
  /** Stop accepting requests, end event streams and close open connections. */
  close(): Promise<void>;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Length': String(Buffer.byteLength(text)),
  });
  res.end(text);
}

function errorReply(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { ok: false, error: { code, message } });
}

async function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  if (Number(req.headers['content-length'] ?? 0) > limit) return null;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) return null;
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const STATUS_BY_CODE: Readonly<Record<string, number>> = { UNKNOWN_CALL: 404, BAD_ARGUMENTS: 400 };

async function handleCall(name: string, req: IncomingMessage, res: ServerResponse, dispatch: Dispatch, caller: Caller): Promise<void> {
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
    return errorReply(res, 415, 'BAD_REQUEST', 'Calls must be sent as JSON (Content-Type: application/json).');
  }
  const text = await readBody(req, bodyLimit(name));
  if (text === null) {
    res.setHeader('Connection', 'close');
    return errorReply(res, 413, 'BAD_REQUEST', `The request is too large. Files are accepted up to ${MAX_UPLOAD_BYTES / 1024 / 1024} MB per import.`);
  }
  let args: unknown;
  try {
    args = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    return errorReply(res, 400, 'BAD_ARGUMENTS', 'The request was not valid JSON.');
  }
  const reply = await dispatch(name, args, caller);
  sendJson(res, reply.ok ? 200 : (STATUS_BY_CODE[reply.error.code] ?? 200), reply);
}

/** `POST /api/session {launch}` → 201 `{token}` (a new bearer for this tab), or 401. */
async function startSession(req: IncomingMessage, res: ServerResponse, tabs: BrowserSessions): Promise<void> {
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
    return errorReply(res, 415, 'BAD_REQUEST', 'Calls must be sent as JSON (Content-Type: application/json).');
  }
  const text = await readBody(req, 1024);
  let launch: unknown = null;
  try {
    launch = text === null ? null : (JSON.parse(text) as { launch?: unknown }).launch;
  } catch {
    launch = null;
  }
  const token = tabs.exchange(launch);
  if (token === null) return errorReply(res, 401, 'NO_SESSION', NO_SESSION_MESSAGE);
  sendJson(res, 201, { ok: true, result: { token } });
}

/** True when the Host header names this server (loopback name + our port). */
function hostAllowed(req: IncomingMessage, port: number): boolean {
  const host = req.headers.host ?? '';
  const m = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(host);
  if (!m || Number(m[2]) !== port) return false;
  return LOOPBACK_HOSTS.has((m[1] ?? '').replace(/^\[|\]$/g, ''));
}

/** True when a cross-site page could have sent this request (Origin present and not ours). */
function foreignOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return false;
  return origin !== `http://${req.headers.host ?? ''}`;
}

/**
 * Start the browser-mode server. Resolves when listening.
 * @throws Error (plain language) when `host` is not a loopback address or the port cannot be bound.
 */
export async function startHttpServer(opts: HttpServerOptions): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  if (!LOOPBACK_HOSTS.has(host)) {
    throw new Error(`Browser mode only listens on this computer (127.0.0.1), not on "${host}".`);
  }
  const hub = new SseHub();
  const access = new AccessControl(opts.ctx, opts.access ?? {});
  // Each tab gets only the events its signed-in user may see (main/auth/event-scope.ts); nothing before sign-in.
  const emit: EmitEvent = (event, payload, audience) => hub.broadcast(event, payload, (channel) => mayReceive(access, opts.ctx.db, channel, audience));
  const downloads = new DownloadRegistry(() => exportsDir(opts.ctx));
  const watcher = opts.createWatcher?.(emit);
  // The app's one collector: runs started from the window, and the schedules it follows while the server runs.
  const collector = createAppCollector(opts.ctx, { onProgress: (p) => emit('collectionProgress', p, collectionProgressAudience(p)) });
  const handlers = createHandlers(opts.ctx, {
    collector,
    mode: 'browser',
    emit,
    services: opts.services ?? (await import('../real-services')).realServices,
    offerDownload: (file, fileName) => downloads.offer(file, fileName),
    ...(watcher ? { watcher } : {}),
    ...(opts.log ? { log: opts.log } : {}),
  });
  // A tab's bearer that is dropped (idle, evicted) takes its signed-in user session with it.
  const tabs = new BrowserSessions({ onEnd: (id) => access.forget(`browser:${id}`) });
  const dispatch = createDispatcher(handlers, { access, checkResults: opts.checkResults, log: opts.log });
  let port = 0;

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://local');
    const method = req.method ?? 'GET';
    if (!hostAllowed(req, port)) return sendText(res, 421, 'This server only answers requests for its own address.');
    if (url.pathname.startsWith('/api/')) {
      if (foreignOrigin(req)) return errorReply(res, 403, 'FORBIDDEN', 'Requests from other web sites are refused.');
      if (url.pathname === '/api/session' && method === 'POST') {
        startSession(req, res, tabs).catch(() => res.destroy());
        return;
      }
      // Call names are `name` or `area.name` (e.g. `schemes.tree`).
      const call = /^\/api\/call\/([A-Za-z0-9]+(?:\.[A-Za-z0-9]+)?)$/.exec(url.pathname);
      const download = /^\/api\/download\/([^/]+)$/.exec(url.pathname);
      // Downloads are capability links (unguessable, short-lived, made by an authorised call): no bearer needed.
      const isDownload = url.pathname.startsWith('/api/download/');
      const tab = isDownload ? null : tabs.check(url.pathname === '/api/events' ? url.searchParams.get('session') : bearerOf(req));
      if (!isDownload && tab === null) return errorReply(res, 401, 'NO_SESSION', NO_SESSION_MESSAGE);
      if (call && method === 'POST') {
        handleCall(call[1] ?? '', req, res, dispatch, { channel: `browser:${tab}` }).catch(() => {
          if (!res.headersSent) errorReply(res, 500, 'FAILED', 'The request could not be read.');
          else res.destroy();
        });
        return;
      }
      if (url.pathname === '/api/events' && method === 'GET') return hub.attach(req, res, `browser:${tab}`);
      if (download && (method === 'GET' || method === 'HEAD')) {
        serveDownload(downloads, download[1] ?? '', res, method === 'HEAD').catch(() => res.destroy());
        return;
      }
      return errorReply(res, call ? 405 : 404, call ? 'BAD_REQUEST' : 'UNKNOWN_CALL', 'No such API route.');
    }
    if (method !== 'GET' && method !== 'HEAD') return sendText(res, 405, 'Method not allowed', { Allow: 'GET, HEAD' });
    serveStatic(opts.staticDir, url.pathname, res, method === 'HEAD').catch(() => res.destroy());
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(
        new Error(
          err.code === 'EADDRINUSE'
            ? `Port ${opts.port} is already in use by another program. Choose another port (--port) or 0 for any free port.`
            : `The browser-mode server could not start: ${err.message}`,
        ),
      );
    });
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const shownHost = host === '::1' ? '[::1]' : host;
  watcher?.start();
  const unfollow = opts.followSchedules ? collector.follow(30_000, 'workstation') : () => undefined;

  return {
    url: `http://${shownHost}:${port}/`,
    launchUrl: `http://${shownHost}:${port}/?launch=${tabs.launchToken}`,
    access,
    close: async () => {
      unfollow();
      await collector.stop(); // runs in progress stay `running`: the next start resumes them
      await watcher?.stop();
      await new Promise<void>((resolve) => {
        hub.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
