/**
 * The `app://pmu/` protocol that serves the built renderer (dist/renderer) to the desktop window, with the same
 * strict CSP as browser mode. A privileged standard + secure scheme gives the page a real origin (so CSP 'self'
 * works, unlike file://) and nothing outside the renderer folder can be loaded.
 * Source: Electron security checklist ("Use a custom protocol instead of file://", "Define a CSP").
 */
import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { SECURITY_HEADERS } from '../api/http/csp';
import { contentTypeOf, resolveStaticPath } from '../api/http/static-files';

/** Scheme name and origin of the UI in the desktop app. */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = 'app://pmu';

/** Must run before `app.whenReady()`: declare the scheme standard and secure. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true } }]);
}

/** After ready: answer `app://pmu/<path>` from `rendererDir`; anything else is 404. */
export function serveAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file = url.host === 'pmu' ? resolveStaticPath(rendererDir, url.pathname) : null;
    const type = file ? contentTypeOf(file) : undefined;
    if (!file || !type) return new Response('Not found', { status: 404, headers: SECURITY_HEADERS });
    try {
      const body = await readFile(file);
      return new Response(body, { status: 200, headers: { ...SECURITY_HEADERS, 'Content-Type': type } });
    } catch {
      return new Response('Not found', { status: 404, headers: SECURITY_HEADERS });
    }
  });
}

/** True when `url` is a page of our UI (used to trust IPC senders). */
export function isAppUrl(url: string | undefined): boolean {
  return typeof url === 'string' && url.startsWith(`${APP_ORIGIN}/`);
}
