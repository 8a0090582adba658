/**
 * The serialport "binding" interface (node-serialport's hardware layer, injected into a SerialPortStream), written out
 * here because the package that declares it (@serialport/bindings-interface 1.2.2) exposes its types only outside its
 * `exports` map, so TypeScript's bundler resolution cannot see them. Same shapes as its dist/index.d.ts; a binding
 * written to them (the emulated probe, main/emulator/probe; @serialport/binding-mock in tests) plugs into
 * main/links/serial/transport.ts `openSerialTransport({ binding })`. Node types only; on the ground floor so the link
 * providers and the emulator (which must not import links) share it.
 */

/** Options a port is opened with. */
export interface BindingOpenOptions {
  path: string;
  baudRate: number;
  dataBits?: 5 | 6 | 7 | 8;
  lock?: boolean;
  stopBits?: 1 | 1.5 | 2;
  parity?: string;
  rtscts?: boolean;
  xon?: boolean;
  xoff?: boolean;
  xany?: boolean;
  hupcl?: boolean;
}

/** Modem control lines to set (DTR, RTS, break …). */
export interface BindingSetOptions {
  brk?: boolean;
  cts?: boolean;
  dsr?: boolean;
  dtr?: boolean;
  rts?: boolean;
}

/** An open port of a binding. */
export interface BindingPort {
  readonly openOptions: Required<BindingOpenOptions>;
  isOpen: boolean;
  close(): Promise<void>;
  /** Resolves with at least one byte; in-progress reads reject with `{ canceled: true }` when the port closes. */
  read(buffer: Buffer, offset: number, length: number): Promise<{ buffer: Buffer; bytesRead: number }>;
  write(buffer: Buffer): Promise<void>;
  update(options: { baudRate: number }): Promise<void>;
  set(options: BindingSetOptions): Promise<void>;
  get(): Promise<{ cts: boolean; dsr: boolean; dcd: boolean }>;
  getBaudRate(): Promise<{ baudRate: number }>;
  flush(): Promise<void>;
  drain(): Promise<void>;
}

/** Port metadata of `list()` (only `path` is guaranteed). */
export interface BindingPortInfo {
  path: string;
  manufacturer: string | undefined;
  serialNumber: string | undefined;
  pnpId: string | undefined;
  locationId: string | undefined;
  productId: string | undefined;
  vendorId: string | undefined;
}

/** A binding: lists and opens ports. */
export interface SerialBinding {
  list(): Promise<BindingPortInfo[]>;
  open(options: BindingOpenOptions): Promise<BindingPort>;
}
