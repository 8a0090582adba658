/**
 * Browser mode only: this tab's connection token (main/api/browser-sessions.ts on the server). The server's launch
 * URL carries `?launch=<token>`; the first call exchanges it (`POST api/session`) for this tab's own bearer token,
 * which is kept in sessionStorage (this tab only, gone when it closes) and sent with every call
 * (`Authorization: Bearer …`) and on the event stream (`api/events?session=…`). The launch token is then removed
 * from the address bar so it is not bookmarked or shared by accident. Without either, calls get the server's
 * plain NO_SESSION message.
 */

const STORAGE_KEY = 'pmu.session';

let pending: Promise<string | null> | null = null;

function stored(): string | null {
  try {
    return sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

/** Remove `launch` from the address bar (the page stays; nothing reloads). */
function dropLaunchFromUrl(): void {
  const url = new URL(window.location.href);
  url.searchParams.delete('launch');
  window.history.replaceState(window.history.state, '', `${url.pathname}${url.search}${url.hash}`);
}

async function exchange(launch: string): Promise<string | null> {
  try {
    const res = await fetch('api/session', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ launch }) });
    const body = (await res.json()) as { ok?: boolean; result?: { token?: unknown } };
    const token = body.ok && typeof body.result?.token === 'string' ? body.result.token : null;
    if (token !== null) sessionStorage.setItem(STORAGE_KEY, token);
    return token;
  } catch {
    return null;
  } finally {
    dropLaunchFromUrl();
  }
}

/**
 * This tab's bearer token: a fresh one from the launch URL's token when the address carries one (a restarted server
 * has a new launch token), else the one kept for this tab, else null (calls will be refused with a plain message).
 */
export function browserSessionToken(): Promise<string | null> {
  pending ??= (() => {
    const launch = new URL(window.location.href).searchParams.get('launch');
    return launch ? exchange(launch) : Promise.resolve(stored());
  })();
  return pending;
}

/** Forget the kept token (the server did not know it: restarted); the next call reports NO_SESSION. */
export function forgetBrowserSession(): void {
  try {
    sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    /* storage unavailable: nothing kept */
  }
  pending = Promise.resolve(null);
}
