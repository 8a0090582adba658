/**
 * IEC 62056-21 over TCP (reference "remote links": transparent serial servers such as a Moxa NPort in "TCP server"
 * mode, GPRS/LTE modems in server mode): a connected socket as a Transport. The far end relays bytes to the meter's
 * serial line at ITS configured speed, so `setBaudRate` changes nothing on the wire (recorded only; the session is
 * told not to switch: Link.baudSwitch = false). Nagle is off (a sign-on must leave at once). An idle time-out closes
 * a connection that carried no byte either way for `idleTimeoutMs` (remote ends drop idle links anyway; this makes
 * it our decision, with a plain reason). Used by the TCP link provider (./provider.ts) and the TCP meter emulator.
 */
import net from 'node:net';
import type { Duplex } from 'node:stream';
import { ProtocolError } from '../../../protocol/iec62056-21/errors';
import type { Transport } from '../../../protocol/iec62056-21/transport';

/** Plain words for a socket error code (connect or mid-session). */
export function socketErrorWords(code: string | undefined, where: string): string {
  switch (code) {
    case 'ECONNREFUSED':
      return `${where} refused the connection: nothing listens on that port (serial server or modem off, or a wrong port number).`;
    case 'ECONNRESET':
      return `${where} reset the connection in the middle of the session (the modem lost its network or the server restarted).`;
    case 'EPIPE':
      return `${where} closed the connection while we were sending.`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `The host name of ${where} could not be found. Check the address.`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${where} cannot be reached from this computer (no route: check the network or VPN).`;
    case 'ETIMEDOUT':
      return `${where} did not answer the connection request.`;
    default:
      return `The connection to ${where} failed${code ? ` (${code})` : ''}.`;
  }
}

/**
 * A connected socket (or any byte stream) as a Transport named `name`.
 * @param idleTimeoutMs close after this long without traffic (0 = never)
 */
export function socketTransport(socket: Duplex, name: string, idleTimeoutMs = 0): Transport {
  const data = new Set<(chunk: Uint8Array) => void>();
  const closed = new Set<(reason: string) => void>();
  let reason: string | null = null;
  let closedByUs = false;
  let idle: ReturnType<typeof setTimeout> | null = null;
  const touch = () => {
    if (idleTimeoutMs <= 0 || reason !== null) return;
    if (idle) clearTimeout(idle);
    idle = setTimeout(() => {
      finish(`the connection to ${name} carried no data for ${idleTimeoutMs >= 1000 ? `${Math.round(idleTimeoutMs / 1000)} s` : `${idleTimeoutMs} ms`} and was closed (idle time-out)`);
      socket.destroy();
    }, idleTimeoutMs);
    idle.unref?.();
  };
  const finish = (why: string) => {
    if (reason !== null) return;
    reason = why;
    if (idle) clearTimeout(idle);
    for (const l of [...closed]) l(why);
  };
  if (socket instanceof net.Socket) socket.setNoDelay(true);
  socket.on('data', (chunk: Buffer) => {
    touch();
    const bytes = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length);
    for (const l of [...data]) l(bytes);
  });
  socket.on('error', (err: NodeJS.ErrnoException) => finish(socketErrorWords(err.code, name)));
  socket.on('close', () => finish(closedByUs ? 'closed' : `${name} closed the connection`));
  socket.on('end', () => finish(closedByUs ? 'closed' : `${name} closed the connection`));
  touch();
  return {
    name,
    write(bytes) {
      if (reason !== null) return Promise.reject(new ProtocolError('LINK_LOST', `The connection to ${name} is closed: ${reason}.`));
      touch();
      return new Promise<void>((resolve, reject) => {
        socket.write(Buffer.from(bytes), (err) => (err ? reject(new ProtocolError('LINK_LOST', socketErrorWords((err as NodeJS.ErrnoException).code, name))) : resolve()));
      });
    },
    async setBaudRate() {
      /* the far end keeps its own line speed */
    },
    onData(listener) {
      data.add(listener);
      return () => data.delete(listener);
    },
    onClose(listener) {
      closed.add(listener);
      return () => closed.delete(listener);
    },
    async close() {
      if (reason === null) closedByUs = true;
      finish('closed');
      await new Promise<void>((resolve) => {
        if (socket.destroyed) return resolve();
        socket.once('close', () => resolve());
        socket.end();
        setTimeout(() => (socket.destroy(), resolve()), 500).unref?.();
      });
    },
  };
}

/** How to reach a TCP endpoint. Times in ms. */
export interface TcpConnectOptions {
  readonly host: string;
  readonly port: number;
  readonly connectTimeoutMs: number;
  readonly idleTimeoutMs: number;
  /** Transport name for messages, default `host:port`. */
  readonly name?: string;
  readonly signal?: AbortSignal;
}

/**
 * Connect to `host:port` and return the socket as a Transport.
 * @throws ProtocolError NO_ANSWER (no connection within the time-out: "… did not accept the connection within 30 s"),
 *   LINK_LOST (refused, host unknown, unreachable), CANCELLED (signal).
 */
export function openTcpTransport(o: TcpConnectOptions): Promise<Transport> {
  const name = o.name ?? `${o.host}:${o.port}`;
  return new Promise<Transport>((resolve, reject) => {
    if (o.signal?.aborted) return reject(new ProtocolError('CANCELLED', 'Cancelled before the connection was made.'));
    const socket = net.connect({ host: o.host, port: o.port });
    const fail = (e: ProtocolError) => {
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', abort);
      socket.destroy();
      reject(e);
    };
    const abort = () => fail(new ProtocolError('CANCELLED', `Cancelled while connecting to ${name}.`));
    const timer = setTimeout(() => {
      fail(new ProtocolError('NO_ANSWER', `${name} did not accept the connection within ${Math.round(o.connectTimeoutMs / 1000)} s (modem off-line, out of coverage, or a firewall).`));
    }, o.connectTimeoutMs);
    o.signal?.addEventListener('abort', abort, { once: true });
    socket.once('error', (err: NodeJS.ErrnoException) => fail(new ProtocolError('LINK_LOST', socketErrorWords(err.code, name), err.message)));
    socket.once('connect', () => {
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', abort);
      socket.removeAllListeners('error');
      resolve(socketTransport(socket, name, o.idleTimeoutMs));
    });
  });
}
