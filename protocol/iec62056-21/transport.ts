/**
 * The byte link the IEC 62056-21 client talks through. protocol/ never opens a port itself: main/ injects a
 * serialport transport (real probe or pty), tests and the embedded emulator inject an in-memory link.
 * Modelled on node-serialport's injected "binding" (see ../shared/reference/architecture-examples.md).
 */
export interface Transport {
  /** Human-readable name of the link for messages and records, e.g. `COM3`, `/dev/ttyUSB0`, `emulator`. */
  readonly name: string;
  /**
   * Send bytes. Resolves when they have left the sender (drained onto the wire), so a following
   * `setBaudRate` cannot cut the tail of the message. Rejects when the link is closed or fails.
   */
  write(bytes: Uint8Array): Promise<void>;
  /** Change the line speed (bit/s). The line format stays 7 data bits, even parity, 1 stop bit. */
  setBaudRate(baud: number): Promise<void>;
  /** Subscribe to received bytes; returns the unsubscribe function. */
  onData(listener: (chunk: Uint8Array) => void): () => void;
  /** Subscribe to link loss (port unplugged / closed under us); returns the unsubscribe function. */
  onClose(listener: (reason: string) => void): () => void;
  /** Close the link. Idempotent. */
  close(): Promise<void>;
}
