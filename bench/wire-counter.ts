import type { Transport } from '../protocol/iec62056-21/transport';

/** What a counting transport has seen so far. */
export interface WireCount {
  /** Characters per line speed (bit/s → characters), both directions. */
  readonly charsByBaud: ReadonlyMap<number, number>;
  /** All characters counted. */
  readonly chars: number;
  /** Their wire time: characters × 10 bits (7E1 or 8N1: start + 8 + stop) / baud, seconds. */
  readonly seconds: number;
  /** Turns of the conversation (changes of direction); each costs at least the reaction time tr. */
  readonly turns: number;
}

/**
 * Wrap a transport to count characters per line speed and the turns of the conversation, for the benchmarks'
 * wire-time reference. `skipTx` leaves out writes that are not on the critical path (e.g. a lone ACK of a
 * stream block that overlaps the meter's next block on a full-duplex line).
 */
export function countingTransport(inner: Transport, skipTx: (bytes: Uint8Array) => boolean = () => false) {
  let baud = 300;
  let last: 'tx' | 'rx' | null = null;
  const charsByBaud = new Map<number, number>();
  let chars = 0;
  let seconds = 0;
  let turns = 0;
  const note = (dir: 'tx' | 'rx', n: number) => {
    charsByBaud.set(baud, (charsByBaud.get(baud) ?? 0) + n);
    chars += n;
    seconds += (n * 10) / baud;
    if (last !== null && last !== dir) turns++;
    last = dir;
  };
  inner.onData((c) => note('rx', c.length));
  const transport: Transport = {
    name: inner.name,
    write: (b) => {
      if (!skipTx(b)) note('tx', b.length);
      return inner.write(b);
    },
    setBaudRate: async (b) => {
      await inner.setBaudRate(b);
      baud = b;
    },
    onData: (l) => inner.onData(l),
    onClose: (l) => inner.onClose(l),
    close: () => inner.close(),
  };
  return { transport, snapshot: (): WireCount => ({ charsByBaud: new Map(charsByBaud), chars, seconds, turns }) };
}
