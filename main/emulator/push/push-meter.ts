/**
 * Emulated push meters (IEC 62056-21 mode D, clause 6.4.6: the meter sends identification and data by itself at
 * a fixed speed; nobody signs on): for listen-mode tests and for newcomers without a meter at hand.
 *
 * - `a1100`: an Elster A1100-style one-way OBIS stream. Known (../shared/reference/elster-dialect.md "Which meter
 *   speaks what"): no request/response, a continuous one-way OBIS-format stream, 2400 baud by default, 4800 or
 *   9600 optional. ASSUMPTIONS (no public capture of an A1100 stream exists; see the reference): the telegram
 *   has the mode D shape of clause 6.4.6 — identification line, then `STX data ! CR LF ETX BCC` —, the
 *   identification `/ELS3A1100…`, the OBIS set below, and one telegram every 10 s.
 * - `push`: an eHZ / EasyMeter Q3D-class telegram (German "D0" interface): 9600 baud 7E1, identification,
 *   blank line, OBIS data sets `1-0:…*255(…)`, `!` — without STX/ETX/BCC — every 2 s. The layout follows
 *   the EasyMeter Q3D telegrams published by open-source readers (e.g. volkszaehler, smartmeter-obis tests);
 *   the interval and the exact register set are ASSUMPTIONS.
 * Energy grows with a power that varies smoothly over the day (deterministic in `now`), so listeners see
 * changing power values and can average them into a short load profile.
 */
import { encodeDataMessage } from '../../../protocol/iec62056-21/frames';
import { asciiToBytes, concatBytes } from '../../../protocol/iec62056-21/control';

/** The push meter models. */
export type PushModel = 'a1100' | 'push';

/** Line speeds a push meter may be set to (A1100: 2400 default, 4800/9600 optional; eHZ class: 9600). */
export const PUSH_BAUDS = [2400, 4800, 9600] as const;

/** Options of a push meter. */
export interface PushMeterOptions {
  readonly model: PushModel;
  /** Serial number sent in the telegram (C.1.0 / 0.0.0). */
  readonly serial?: string;
  /** Line speed, bit/s; default 2400 (a1100) or 9600 (push). */
  readonly baud?: number;
  /** Time between telegrams, ms; default 10 000 (a1100) or 2 000 (push). */
  readonly intervalMs?: number;
  /** Meter reading at the epoch of the emulation, Wh. */
  readonly startWh?: number;
  /** Clock, ms since the epoch. */
  readonly now?: () => number;
}

/** The defaults of a model. */
export function pushDefaults(model: PushModel): { baud: number; intervalMs: number; serial: string } {
  return model === 'a1100' ? { baud: 2400, intervalMs: 10_000, serial: '12345678' } : { baud: 9600, intervalMs: 2_000, serial: '1ESY1160123456' };
}

/** Power drawn at `ms`, W: 400 W base, 1.2 kW peak around 19:00 UTC, a 30-s ripple so repeated telegrams differ. */
export function powerAt(ms: number): number {
  const day = ((ms / 3_600_000) % 24) / 24;
  const ripple = 25 * Math.sin((2 * Math.PI * ms) / 30_000);
  return 400 + 800 * Math.max(0, Math.cos(2 * Math.PI * (day - 19 / 24))) + ripple;
}

/** Energy since `from` to `to` under {@link powerAt}, Wh (trapezoids of one minute: plenty for a display). */
function energyWh(from: number, to: number): number {
  let wh = 0;
  for (let t = from; t < to; t += 60_000) {
    const step = Math.min(60_000, to - t);
    wh += ((powerAt(t) + powerAt(t + step)) / 2) * (step / 3_600_000);
  }
  return wh;
}

const pad = (n: number, width: number, decimals: number) => n.toFixed(decimals).padStart(width + decimals + (decimals > 0 ? 1 : 0), '0');

/** A push meter: builds its telegram for any instant. */
export class PushMeter {
  readonly model: PushModel;
  readonly serial: string;
  readonly baud: number;
  readonly intervalMs: number;
  private readonly now: () => number;
  private readonly epoch: number;
  private readonly startWh: number;

  constructor(opts: PushMeterOptions) {
    const d = pushDefaults(opts.model);
    this.model = opts.model;
    this.serial = opts.serial ?? d.serial;
    this.baud = opts.baud ?? d.baud;
    if (!PUSH_BAUDS.includes(this.baud as (typeof PUSH_BAUDS)[number])) throw new RangeError(`A push meter sends at 2400, 4800 or 9600 baud, not ${this.baud}.`);
    this.intervalMs = opts.intervalMs ?? d.intervalMs;
    this.now = opts.now ?? Date.now;
    this.epoch = Date.UTC(2026, 0, 1);
    this.startWh = opts.startWh ?? 12_345_678.9;
  }

  /** The identification line (without CR LF). */
  get identification(): string {
    return this.model === 'a1100' ? `/ELS3A1100-${this.serial.slice(-4)}` : '/ESY5Q3DA1004 V3.04';
  }

  /** The telegram the meter sends at `ms` (default now), bytes. */
  telegram(ms = this.now()): Uint8Array {
    const wh = this.startWh + energyWh(this.epoch, Math.max(this.epoch, ms));
    const w = powerAt(ms);
    if (this.model === 'a1100') {
      const t = new Date(ms);
      const two = (n: number) => String(n).padStart(2, '0');
      const data =
        `0.0.0(${this.serial})\r\nC.1.0(${this.serial})\r\n` +
        `1.8.0(${pad(wh / 1000, 7, 3)}*kWh)\r\n2.8.0(0000000.000*kWh)\r\n1.7.0(${pad(w / 1000, 2, 3)}*kW)\r\n` +
        `0.9.1(${two(t.getUTCHours())}${two(t.getUTCMinutes())}${two(t.getUTCSeconds())})\r\n` +
        `0.9.2(${two(t.getUTCFullYear() % 100)}${two(t.getUTCMonth() + 1)}${two(t.getUTCDate())})\r\nF.F(00000000)\r\n!\r\n`;
      return concatBytes(asciiToBytes(`${this.identification}\r\n`), encodeDataMessage(data));
    }
    const third = (k: number) => pad(w * k, 6, 2);
    return asciiToBytes(
      `${this.identification}\r\n\r\n` +
        `1-0:0.0.0*255(${this.serial})\r\n` +
        `1-0:1.8.0*255(${pad(wh / 1000, 8, 7)}*kWh)\r\n` +
        `1-0:21.7.255*255(${third(0.5)}*W)\r\n1-0:41.7.255*255(${third(0.3)}*W)\r\n1-0:61.7.255*255(${third(0.2)}*W)\r\n` +
        `1-0:1.7.255*255(${pad(w, 6, 2)}*W)\r\n1-0:96.5.5*255(82)\r\n0-0:96.1.255*255(${this.serial})\r\n!\r\n`,
    );
  }
}
