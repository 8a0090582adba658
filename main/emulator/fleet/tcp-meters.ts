/**
 * N emulated meters behind TCP (`pmu simulate --tcp <port> --meters N`; the TCP link's tests and benchmark): each
 * meter sits behind its own emulated transparent serial server / GPRS modem in server mode, listening on
 * 127.0.0.1:<port + i − 1> (port 0: each on a free port). Like a real server port, one connection at a time: a
 * second one is closed at once. The serial side runs at a fixed speed (default 9600): the client asks for it in
 * the option select and never switches (./fixed-speed.ts). An `unplug` fault resets the TCP connection (RST), as a
 * modem that loses its network does.
 */
import net from 'node:net';
import type { Transport } from '../../../protocol/iec62056-21/transport';
import { FaultLog, type FaultPlan } from '../faults/faults';
import { runMeterOnTransport, type EmulatedMeter } from '..';
import { fixedSpeedTransport } from './fixed-speed';

/**
 * The meter's end of an accepted connection as a Transport: bytes in and out, no line speed of its own (the fixed
 * speed is paced on top), and `close` = a reset (RST), as a modem losing its network (the `unplug` fault).
 */
function serverSideTransport(socket: net.Socket, name: string): Transport {
  const closeListeners = new Set<(reason: string) => void>();
  socket.setNoDelay(true);
  let ended = false;
  const end = (why: string) => {
    if (ended) return;
    ended = true;
    for (const l of [...closeListeners]) l(why);
  };
  socket.on('close', () => end('the client closed the connection'));
  socket.on('end', () => end('the client closed the connection'));
  socket.on('error', (e) => end(e.message));
  return {
    name,
    write: (bytes) => new Promise<void>((resolve, reject) => socket.write(Buffer.from(bytes), (e) => (e ? reject(e) : resolve()))),
    setBaudRate: async () => undefined,
    onData(listener) {
      const l = (b: Buffer) => listener(new Uint8Array(b.buffer, b.byteOffset, b.length));
      socket.on('data', l);
      return () => void socket.off('data', l);
    },
    onClose(listener) {
      closeListeners.add(listener);
      return () => closeListeners.delete(listener);
    },
    async close() {
      socket.resetAndDestroy();
    },
  };
}

/** Options of {@link startTcpMeters}. */
export interface TcpMetersOptions {
  /** Generic fleet meters (./fleet-meters.ts) or emulated Elster meters. */
  readonly meters: readonly EmulatedMeter[];
  /** First TCP port; 0 = any free port for each meter. */
  readonly port: number;
  /** Interface to listen on, default 127.0.0.1. */
  readonly host?: string;
  /** Speed of the emulated serial side, bit/s, default 9600. */
  readonly baud?: number;
  /** Meter reaction time, ms (default 200, the standard's tr min). */
  readonly reactionMs?: number;
  /** Scripted faults of meter i (0-based), if any. */
  readonly faults?: (i: number) => FaultPlan | undefined;
  readonly faultLog?: FaultLog;
  readonly log?: (line: string) => void;
}

/** One meter's endpoint. */
export interface TcpMeterEndpoint {
  readonly serial: string;
  readonly port: number;
  /** The link name to reach it: `tcp://127.0.0.1:<port>?baud=<baud>`. */
  readonly link: string;
}

/** Running TCP meters. */
export interface TcpMeters {
  readonly endpoints: readonly TcpMeterEndpoint[];
  /** Connections accepted so far (all meters). */
  readonly connections: () => number;
  close(): Promise<void>;
}

/** Start the servers (see the file comment). @throws Error when a port cannot be listened on. */
export async function startTcpMeters(o: TcpMetersOptions): Promise<TcpMeters> {
  const host = o.host ?? '127.0.0.1';
  const baud = o.baud ?? 9600;
  const servers: net.Server[] = [];
  const sockets = new Set<net.Socket>();
  const endpoints: TcpMeterEndpoint[] = [];
  let accepted = 0;
  for (const [i, meter] of o.meters.entries()) {
    let busy = false;
    const server = net.createServer((socket) => {
      accepted++;
      if (busy) {
        o.log?.(`${meter.serial}: a second connection while busy, closed`);
        socket.destroy();
        return;
      }
      busy = true;
      sockets.add(socket);
      void (async () => {
        const raw = serverSideTransport(socket, `${meter.serial}-tcp`);
        const line = await fixedSpeedTransport(raw, baud);
        const faults = o.faults?.(i);
        const running = runMeterOnTransport(meter, line, {
          ...(o.reactionMs !== undefined ? { reactionTimeMs: o.reactionMs } : {}),
          ...(faults ? { faults } : {}),
          ...(o.faultLog ? { faultLog: o.faultLog } : {}),
          ...(o.log ? { log: (l: string) => o.log!(`${meter.serial}: ${l}`) } : {}),
        });
        raw.onClose(() => {
          busy = false;
          sockets.delete(socket);
          void running.stop();
        });
      })();
    });
    const want = o.port === 0 ? 0 : o.port + i;
    await new Promise<void>((resolve, reject) => {
      server.once('error', (e: NodeJS.ErrnoException) =>
        reject(new Error(e.code === 'EADDRINUSE' ? `TCP port ${want} is in use: choose another --tcp port (or 0 for free ports).` : `Cannot listen on ${host}:${want}: ${e.message}`)),
      );
      server.listen(want, host, () => resolve());
    });
    servers.push(server);
    const port = (server.address() as net.AddressInfo).port;
    endpoints.push({ serial: meter.serial, port, link: `tcp://${host}:${port}?baud=${baud}` });
  }
  return {
    endpoints,
    connections: () => accepted,
    async close() {
      for (const s of sockets) s.destroy();
      await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
    },
  };
}
