/**
 * What the collector needs of the link registry (the app context's LinkRegistry, main/links/; agreed in
 * /work/coord/links-contract.md): open a link to a port name, and know each port's kind and shared medium so
 * sessions on one bus or modem line never overlap. A structural subset, so the collector takes the real registry
 * or a test's.
 */
import type { Transport } from '../../protocol/iec62056-21/transport';
import type { SessionTimings } from '../../protocol/iec62056-21/timing';

/** An open link (links-contract `Link`, with the optional fields the remote links add). */
export interface CollectLink {
  readonly transport: Transport;
  readonly eightBit: boolean;
  readonly label: string;
  /** False on TCP / modem / bus lines that keep one speed: ask for `lineBaud` in the option select. */
  readonly baudSwitch: boolean;
  /** Device address to put in the sign-on (bus links). */
  readonly deviceAddress?: string;
  /** Speed of a fixed-speed line, bit/s (when `baudSwitch` is false). */
  readonly lineBaud?: number;
  /** Session time-outs of this link (extra reaction time for latency). */
  readonly timings?: Partial<SessionTimings>;
  close(): Promise<void>;
}

/** The registry as the collector uses it. */
export interface CollectLinks {
  open(req: { port: string; timeZone: string; line?: '7E1' | '8N1'; signal?: AbortSignal }): Promise<CollectLink>;
  resolve(port: string): { readonly kind: string; mediumKey?(port: string): string };
}
