/**
 * Browser-mode connection tokens. The server makes a random per-launch LAUNCH token and prints it in the URL it
 * opens (`http://127.0.0.1:PORT/?launch=<token>`, like Jupyter's token URL). The page exchanges it once
 * (`POST /api/session {launch}`) for its own random BEARER token, keeps that in sessionStorage (per tab, gone when
 * the tab closes) and sends it with every call (`Authorization: Bearer <token>`) and on the event stream
 * (`GET /api/events?session=<token>`: EventSource cannot send headers). Calls without a valid bearer get 401.
 * So another local user, or a web page in the same browser, that does not know the launch URL cannot drive the
 * workstation. Each bearer is one channel (`browser:<id>`) to which a user signs in (main/auth/access-control.ts).
 * Only SHA-256 digests of tokens are kept; comparisons are constant-time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** A bearer is forgotten after this long without a request, ms (12 h; the user session ends sooner, 30 min idle). */
export const BROWSER_SESSION_IDLE_MS = 12 * 3600_000;
/** Most live bearers (tabs); the least recently used is dropped beyond. */
export const MAX_BROWSER_SESSIONS = 64;
/** Shape of a token (32 random bytes, base64url). */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

const digest = (token: string) => createHash('sha256').update(token, 'utf8').digest();

/** The plain message of a call without a valid bearer. */
export const NO_SESSION_MESSAGE =
  'This window is not connected to the workstation. Open the address that "pmu serve" printed (it ends with ?launch=…); if the workstation was restarted, use its new address.';

/** The launch token and the bearers of one server. */
export class BrowserSessions {
  /** Token of the launch URL (valid for the server's lifetime; each exchange makes a new bearer). */
  readonly launchToken: string;
  private readonly launchDigest: Buffer;
  private readonly live = new Map<string, { id: string; lastSeen: number }>();

  /**
   * @param opts.onEnd called with a bearer's channel id when it is dropped (idle or evicted): end its user session
   * @param opts.now clock (tests)
   */
  constructor(private readonly opts: { onEnd?: (id: string) => void; now?: () => number; idleMs?: number } = {}) {
    this.launchToken = randomBytes(32).toString('base64url');
    this.launchDigest = digest(this.launchToken);
  }

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }

  /** A new bearer for a page that shows the launch token, or null when `launch` is not it. */
  exchange(launch: unknown): string | null {
    if (typeof launch !== 'string' || !TOKEN_PATTERN.test(launch) || !timingSafeEqual(digest(launch), this.launchDigest)) return null;
    this.prune();
    const token = randomBytes(32).toString('base64url');
    const key = digest(token).toString('hex');
    this.live.set(key, { id: key.slice(0, 16), lastSeen: this.now() });
    while (this.live.size > MAX_BROWSER_SESSIONS) {
      const [oldest, s] = this.live.entries().next().value!;
      this.live.delete(oldest);
      this.opts.onEnd?.(s.id);
    }
    return token;
  }

  /** The channel id of a valid bearer (its idle clock restarts), or null. */
  check(token: string | null | undefined): string | null {
    if (typeof token !== 'string' || !TOKEN_PATTERN.test(token)) return null;
    const key = digest(token).toString('hex');
    const s = this.live.get(key);
    if (!s) return null;
    if (this.now() - s.lastSeen >= (this.opts.idleMs ?? BROWSER_SESSION_IDLE_MS)) {
      this.live.delete(key);
      this.opts.onEnd?.(s.id);
      return null;
    }
    s.lastSeen = this.now();
    // Most recently used last (eviction takes the first).
    this.live.delete(key);
    this.live.set(key, s);
    return s.id;
  }

  private prune(): void {
    const limit = this.opts.idleMs ?? BROWSER_SESSION_IDLE_MS;
    for (const [key, s] of this.live) {
      if (this.now() - s.lastSeen >= limit) {
        this.live.delete(key);
        this.opts.onEnd?.(s.id);
      }
    }
  }
}

/** The bearer token of a request: `Authorization: Bearer <token>`, else null. */
export function bearerOf(req: IncomingMessage): string | null {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  return m ? m[1]! : null;
}
