/**
 * An emulated optical probe on an emulated meter, as a serialport BINDING (main/links/serial/binding-types.ts): the real
 * serial transport, with its probe profile (DTR/RTS, echo, pacing), opens it like a COM port, so the profile is applied
 * by the same code as on hardware. The probe model covers what makes "it does not answer" in the field:
 * - power from the modem lines: `needs.dtr` / `needs.rts` — with a line in the wrong state the probe is dark: nothing
 *   reaches the meter and nothing comes back (many RS-232 probes draw their power from DTR/RTS: the PMU's "DTR enabled /
 *   disabled" probe types);
 * - `echo`: every byte sent comes back at once (OpenMUC j62056: "Echos are caused by some optical transceivers");
 * - `maxBaud`: above it the probe's receiver cannot follow the edges — bytes in both directions arrive as the garbage a
 *   UART makes of characters at another speed (../uart.ts, an ASSUMPTION for the probe's behaviour);
 * - `usbId`: what `list()` reports as vendorId:productId (for profiles chosen by USB model).
 * The serial line opens with DTR and RTS asserted, as the Windows and Linux drivers do. Each open starts a new meter
 * session on a paced in-memory link (../link.ts) to the SAME meter, so its state lasts like a meter left on the probe.
 */
import type { Transport } from '../../../protocol/iec62056-21/transport';
import type { BindingOpenOptions, BindingPort, BindingPortInfo, BindingSetOptions, SerialBinding } from '../../core/serial-binding';
import { createLinkPair } from '../link';
import { MeterSession, type MeterPersonality } from '../meter-session';
import { receiveAtBaud } from '../uart';

/** What the emulated probe needs and does. */
export interface EmulatedProbeSpec {
  /** The port name it answers to (e.g. `emulator:probe`). */
  readonly path: string;
  /** Line states the probe needs to be powered (absent = either). */
  readonly needs?: { readonly dtr?: boolean; readonly rts?: boolean };
  /** The probe echoes what is sent. */
  readonly echo?: boolean;
  /** Highest baud rate the probe passes; above it bytes are garbled. */
  readonly maxBaud?: number;
  /** `vendorId:productId` reported by `list()`. */
  readonly usbId?: string;
  /** Data bits the line carries to the meter (8 for the Elster binary stream). */
  readonly dataBits?: 7 | 8;
  /** The probe lies on the desk, not on the meter: its light reaches nothing and nothing comes back. */
  readonly offMeter?: boolean;
}

/** One modem-line change the probe saw (tests read them). */
export interface LineChange {
  readonly dtr: boolean;
  readonly rts: boolean;
}

/** The binding of an emulated probe on `meter`, with the line changes it saw. */
export interface EmulatedProbeBinding extends SerialBinding {
  readonly lineLog: LineChange[];
}

const canceled = (message: string) => Object.assign(new Error(message), { canceled: true });

/** The binding (see the file comment). */
export function emulatedProbeBinding(spec: EmulatedProbeSpec, meter: MeterPersonality): EmulatedProbeBinding {
  const lineLog: LineChange[] = [];
  const [vendorId, productId] = spec.usbId?.split(':') ?? [undefined, undefined];
  const info: BindingPortInfo = { path: spec.path, manufacturer: 'PMU Workstation (emulated probe)', serialNumber: undefined, pnpId: undefined, locationId: undefined, vendorId, productId };
  return {
    lineLog,
    list: async () => [info],
    async open(options: BindingOpenOptions): Promise<BindingPort> {
      if (options.path !== spec.path) throw Object.assign(new Error(`No such port ${options.path}`), { code: 'ENOENT' });
      const [client, far] = createLinkPair({ paced: true, names: [spec.path, `${spec.path}-meter`], dataBits: spec.dataBits ?? 7 });
      const session = new MeterSession(meter, far);
      session.start();
      return new ProbePort(spec, options, client, () => session.stop(), lineLog);
    },
  };
}

/** One open port of the emulated probe. */
class ProbePort implements BindingPort {
  readonly openOptions: Required<BindingOpenOptions>;
  isOpen = true;
  private dtr = true;
  private rts = true;
  private baud: number;
  private readonly inbox: Buffer[] = [];
  private pending: { resolve: () => void; reject: (e: Error) => void } | null = null;

  constructor(
    private readonly spec: EmulatedProbeSpec,
    options: BindingOpenOptions,
    private readonly client: Transport,
    private readonly stopMeter: () => Promise<void>,
    private readonly lineLog: LineChange[],
  ) {
    this.openOptions = { dataBits: 8, lock: true, stopBits: 1, parity: 'none', rtscts: false, xon: false, xoff: false, xany: false, hupcl: true, ...options } as Required<BindingOpenOptions>;
    this.baud = options.baudRate;
    void client.setBaudRate(this.baud);
    client.onData((chunk) => {
      if (this.powered()) this.push(this.garbled(chunk));
    });
  }

  private powered(): boolean {
    if (this.spec.offMeter) return false;
    const n = this.spec.needs ?? {};
    return (n.dtr === undefined || n.dtr === this.dtr) && (n.rts === undefined || n.rts === this.rts);
  }

  /** Bytes the probe passes at the current speed (garbage above its `maxBaud`). */
  private garbled(bytes: Uint8Array): Uint8Array {
    const max = this.spec.maxBaud;
    return max !== undefined && this.baud > max ? receiveAtBaud(bytes, this.baud, max) : bytes;
  }

  private push(bytes: Uint8Array): void {
    if (bytes.length === 0 || !this.isOpen) return;
    this.inbox.push(Buffer.from(bytes));
    const p = this.pending;
    this.pending = null;
    p?.resolve();
  }

  async read(buffer: Buffer, offset: number, length: number): Promise<{ buffer: Buffer; bytesRead: number }> {
    while (this.inbox.length === 0) {
      if (!this.isOpen) throw canceled('port is closed');
      await new Promise<void>((resolve, reject) => (this.pending = { resolve, reject }));
    }
    const head = this.inbox[0]!;
    const n = Math.min(length, head.length);
    head.copy(buffer, offset, 0, n);
    if (n === head.length) this.inbox.shift();
    else this.inbox[0] = head.subarray(n);
    return { buffer, bytesRead: n };
  }

  async write(buffer: Buffer): Promise<void> {
    if (!this.isOpen) throw canceled('port is closed');
    if (!this.powered()) return; // a dark probe: the light never leaves it
    if (this.spec.echo) this.push(this.garbled(buffer)); // the probe's own light, through the same receiver
    await this.client.write(this.garbled(buffer));
  }

  async update(options: { baudRate: number }): Promise<void> {
    this.baud = options.baudRate;
    await this.client.setBaudRate(options.baudRate);
  }

  async set(options: BindingSetOptions): Promise<void> {
    if (options.dtr !== undefined) this.dtr = options.dtr;
    if (options.rts !== undefined) this.rts = options.rts;
    this.lineLog.push({ dtr: this.dtr, rts: this.rts });
  }

  async get(): Promise<{ cts: boolean; dsr: boolean; dcd: boolean }> {
    return { cts: false, dsr: false, dcd: false };
  }

  async getBaudRate(): Promise<{ baudRate: number }> {
    return { baudRate: this.baud };
  }

  async flush(): Promise<void> {
    this.inbox.length = 0;
  }

  async drain(): Promise<void> {
    // writes resolve once delivered (the in-memory link is paced)
  }

  async close(): Promise<void> {
    if (!this.isOpen) return;
    this.isOpen = false;
    const p = this.pending;
    this.pending = null;
    p?.reject(canceled('port is closed'));
    await this.stopMeter();
    await this.client.close();
  }
}
