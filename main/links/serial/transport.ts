import { realpathSync } from 'node:fs';
import { InterByteTimeoutParser } from '@serialport/parser-inter-byte-timeout';
import { SerialPortStream } from '@serialport/stream';
import { SerialPort } from 'serialport';
import type { LineState } from '../../../contract/probe';
import type { SerialBinding } from '../../core/serial-binding';
import { ProtocolError } from '../../../protocol/iec62056-21/errors';
import type { Transport } from '../../../protocol/iec62056-21/transport';

/**
 * The real serial link: an optical probe on a COM port / tty (or a pty pair in tests), opened 7E1 at 300 baud
 * as IEC 62056-21 clause 6.2 requires. Received bytes are batched by serialport's inter-byte-timeout parser
 * (a short silence ends a batch) so a 9600-baud transfer does not raise one event per byte; the protocol's own
 * inter-character time-out (ta, 1500 ms) is enforced by protocol/iec62056-21/reader.ts.
 */

/**
 * True when `path` is a Unix pseudo-terminal (e.g. one end of a socat pty pair, which tests and `pmu simulate`
 * use). A pty has no line speed; and serialport's baud change flushes both queues (tcflush TCIOFLUSH), which on
 * a pty throws away bytes the far side has written but not yet read — on a real UART tcdrain has already waited
 * for the wire, so the flush loses nothing there. So on a pty the baud change is recorded, not applied.
 */
export function isPseudoTerminal(path: string): boolean {
  if (process.platform === 'win32') return false;
  try {
    return realpathSync(path).startsWith('/dev/pts/');
  } catch {
    return false;
  }
}

/** Silence that ends a batch of received bytes, ms (well under one character time at 300 baud = 33 ms). */
const BATCH_SILENCE_MS = 2;

/** Options for opening a serial port. */
export interface SerialOptions {
  /** Initial baud rate, default 300 (every IEC 62056-21 session starts at 300). */
  readonly baudRate?: number;
  /** Line format; default 7E1 as the standard requires. 8N1 exists for probes that strip parity themselves. */
  readonly format?: '7E1' | '8N1';
  /** DTR and RTS as the probe profile wants them (default: both left as the driver sets them on open). */
  readonly lines?: { readonly dtr: LineState; readonly rts: LineState };
  /** Wait after setting the lines before the port is used, ms (probes powered from the lines). */
  readonly powerUpMs?: number;
  /**
   * The serialport binding (node-serialport's injected hardware layer): default the platform's (bindings-cpp); tests
   * inject @serialport/binding-mock, the emulated probe (main/emulator/probe) its own.
   */
  readonly binding?: SerialBinding;
  /** Called with plain notes about the port (e.g. "no modem lines on a pseudo-terminal: DTR/RTS not set"). */
  readonly onNote?: (note: string) => void;
}

/**
 * The state to ask of the driver for DTR and RTS, or null when both are left alone. serialport's `set()` applies
 * defaults for flags not given (DTR and RTS asserted), so a line left as the driver set it on open — asserted on
 * Windows and Linux — is asked for as asserted.
 */
export function lineFlags(lines: { readonly dtr: LineState; readonly rts: LineState } | undefined): { dtr: boolean; rts: boolean } | null {
  if (!lines || (lines.dtr === 'leave' && lines.rts === 'leave')) return null;
  return { dtr: lines.dtr !== 'off', rts: lines.rts !== 'off' };
}

/**
 * Open `path` (e.g. `COM3`, `/dev/ttyUSB0`, a pty) as a Transport.
 * @throws ProtocolError LINK_LOST with a plain-language message when the port does not exist, is busy, or
 *   access is denied.
 */
export async function openSerialTransport(path: string, opts: SerialOptions = {}): Promise<Transport> {
  const format = opts.format ?? '7E1';
  const settings = {
    path,
    baudRate: opts.baudRate ?? 300,
    dataBits: format === '7E1' ? (7 as const) : (8 as const),
    parity: format === '7E1' ? ('even' as const) : ('none' as const),
    stopBits: 1 as const,
    autoOpen: false,
  };
  const port: SerialPortStream = opts.binding ? new SerialPortStream({ ...settings, binding: opts.binding as never }) : new SerialPort(settings);
  await new Promise<void>((resolve, reject) => {
    port.open((err) => (err ? reject(openError(path, err)) : resolve()));
  });
  const pty = !opts.binding && isPseudoTerminal(path);
  await applyLines(port, path, pty, opts);
  const parser = port.pipe(new InterByteTimeoutParser({ interval: BATCH_SILENCE_MS, maxBufferSize: 4096 }));
  const dataListeners = new Set<(chunk: Uint8Array) => void>();
  const closeListeners = new Set<(reason: string) => void>();
  let closedByUs = false;
  parser.on('data', (chunk: Buffer) => {
    const bytes = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length);
    for (const l of dataListeners) l(bytes);
  });
  port.on('close', (err?: Error & { disconnected?: boolean }) => {
    const reason = closedByUs ? 'closed' : err?.disconnected ? 'the port was unplugged' : `the port closed (${err?.message ?? 'no reason given'})`;
    for (const l of closeListeners) l(reason);
  });
  port.on('error', (err: Error) => {
    for (const l of closeListeners) l(`port error: ${err.message}`);
  });

  return {
    name: path,
    write(bytes) {
      return new Promise<void>((resolve, reject) => {
        if (!port.isOpen) {
          reject(new ProtocolError('LINK_LOST', `Port ${path} is closed; the probe may have been unplugged.`));
          return;
        }
        port.write(Buffer.from(bytes), (err) => {
          if (err) return reject(new ProtocolError('LINK_LOST', `Could not send to ${path}: ${err.message}`));
          port.drain((err2) =>
            err2 ? reject(new ProtocolError('LINK_LOST', `Could not send to ${path}: ${err2.message}`)) : resolve(),
          );
        });
      });
    },
    setBaudRate(baud) {
      if (pty) return Promise.resolve(); // see isPseudoTerminal: no line speed, and the flush would lose bytes
      return new Promise<void>((resolve, reject) => {
        port.update({ baudRate: baud }, (err) =>
          err ? reject(new ProtocolError('LINK_LOST', `Could not switch ${path} to ${baud} baud: ${err.message}`)) : resolve(),
        );
      });
    },
    onData(listener) {
      dataListeners.add(listener);
      return () => dataListeners.delete(listener);
    },
    onClose(listener) {
      closeListeners.add(listener);
      return () => closeListeners.delete(listener);
    },
    close() {
      if (!port.isOpen) return Promise.resolve();
      closedByUs = true;
      return new Promise<void>((resolve) => port.close(() => resolve()));
    },
  };
}

/**
 * Set DTR / RTS as `opts.lines` asks (then wait `powerUpMs`). A pseudo-terminal has no modem lines: noted, not an error.
 * @throws ProtocolError LINK_LOST (the port is closed again) when the driver refuses the change.
 */
async function applyLines(port: SerialPortStream, path: string, pty: boolean, opts: SerialOptions): Promise<void> {
  const flags = lineFlags(opts.lines);
  if (flags === null) return;
  if (pty) {
    opts.onNote?.(`${path} is a pseudo-terminal, which has no modem lines: DTR and RTS were not set.`);
    return;
  }
  const failed = await new Promise<Error | null>((resolve) => port.set(flags, (err) => resolve(err ?? null)));
  if (failed) {
    await new Promise<void>((resolve) => port.close(() => resolve()));
    throw new ProtocolError('LINK_LOST', `Could not set DTR ${flags.dtr ? 'on' : 'off'} and RTS ${flags.rts ? 'on' : 'off'} on ${path}: ${failed.message}. Choose a probe profile that leaves the lines alone.`, failed.message);
  }
  if ((opts.powerUpMs ?? 0) > 0) await new Promise<void>((resolve) => setTimeout(resolve, opts.powerUpMs));
}

/** Plain-language error for a port that cannot be opened. */
function openError(path: string, err: Error): ProtocolError {
  const m = err.message;
  if (/ENOENT|No such file|cannot find|File not found/i.test(m)) {
    return new ProtocolError(
      'LINK_LOST',
      `Port ${path} does not exist. Plug in the optical probe, or choose another port from the list of ports.`,
      m,
    );
  }
  if (/EACCES|Access denied|Permission denied/i.test(m)) {
    return new ProtocolError(
      'LINK_LOST',
      `No permission to open ${path}. On Linux add your user to the "dialout" group; on Windows close other programs using the port.`,
      m,
    );
  }
  if (/busy|in use|Cannot lock|EBUSY/i.test(m)) {
    return new ProtocolError('LINK_LOST', `Port ${path} is in use by another program. Close it and try again.`, m);
  }
  return new ProtocolError('LINK_LOST', `Could not open port ${path}: ${m}`, m);
}
