/**
 * Server-Sent Events for browser mode: the renderer opens `GET /api/events` once (EventSource) and receives
 * every contract event (contract/index.ts `events`) as `event: <name>` / `data: <json>`. Plain node:http,
 * no dependency. Source: WHATWG HTML "Server-sent events" (text/event-stream format).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ContractEvents, EventName } from '../../../contract';

/** Interval of the keep-alive comment that stops proxies and idle timers from closing the stream, ms. */
export const SSE_KEEPALIVE_MS = 15_000;

/** The set of open event streams; `broadcast` sends one event to all of them. */
export class SseHub {
  private readonly clients = new Set<ServerResponse>();
  /** The channel (`browser:<tab id>`) of each stream. */
  private readonly channels = new Map<ServerResponse, string>();
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(keepAliveMs: number = SSE_KEEPALIVE_MS) {
    this.timer = setInterval(() => this.writeAll(': keep-alive\n\n'), keepAliveMs);
    this.timer.unref();
  }

  /** Number of connected streams. */
  get size(): number {
    return this.clients.size;
  }

  /** Take over a `GET /api/events` request: send the stream headers and keep it until the client leaves. */
  attach(req: IncomingMessage, res: ServerResponse, channel: string): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Content-Type-Options': 'nosniff',
    });
    // `retry` = reconnection delay for EventSource, ms; the comment flushes the headers so `open` fires at once.
    res.write('retry: 2000\n: connected\n\n');
    this.clients.add(res);
    this.channels.set(res, channel);
    const drop = (): void => {
      this.clients.delete(res);
      this.channels.delete(res);
    };
    req.on('close', drop);
    res.on('close', drop);
  }

  /**
   * Send one event to the connected streams whose channel (the tab, `browser:<id>`) `allow` accepts
   * (main/auth/event-scope.ts decides). The payload must be JSON-safe.
   */
  broadcast<E extends EventName>(event: E, payload: ContractEvents[E], allow: (channel: string) => boolean): void {
    const chunk = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
    for (const res of this.clients) {
      if (!res.writableEnded && allow(this.channels.get(res) ?? '')) res.write(chunk);
    }
  }

  /** End every stream and stop the keep-alive timer. */
  close(): void {
    clearInterval(this.timer);
    for (const res of this.clients) res.end();
    this.clients.clear();
  }

  private writeAll(chunk: string): void {
    for (const res of this.clients) {
      if (!res.writableEnded) res.write(chunk);
    }
  }
}
