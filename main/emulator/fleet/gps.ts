/**
 * An emulated GPS receiver on a line (`pmu simulate --gps <pty>`, the GPS reference's tests): every second it sends
 * `$GPRMC` (status A = valid fix, or V while `fix` is false) and `$GPZDA` with the UTC time of its clock (`now`),
 * each with its `*hh` XOR checksum (NMEA 0183; reference "remote links" / "Time references"), shortly after the
 * second they name, as receivers do.
 */
import { appendChecksumFooter } from 'nmea-simple/dist/helpers';
import type { Transport } from '../../../protocol/iec62056-21/transport';

const two = (n: number) => String(n).padStart(2, '0');

/** RMC and ZDA sentences (CR LF ended) for instant `ms`. */
export function gpsSentences(ms: number, fix: boolean): string {
  const d = new Date(ms);
  const hms = `${two(d.getUTCHours())}${two(d.getUTCMinutes())}${two(d.getUTCSeconds())}.00`;
  const dmy = `${two(d.getUTCDate())}${two(d.getUTCMonth() + 1)}${two(d.getUTCFullYear() % 100)}`;
  const rmc = appendChecksumFooter(`$GPRMC,${hms},${fix ? 'A' : 'V'},5130.000,N,00007.000,W,0.0,0.0,${dmy},,,${fix ? 'A' : 'N'}`);
  const zda = appendChecksumFooter(`$GPZDA,${hms},${two(d.getUTCDate())},${two(d.getUTCMonth() + 1)},${d.getUTCFullYear()},00,00`);
  return `${rmc}\r\n${zda}\r\n`;
}

/** Start sending on `line`; `fix` may change while it runs. */
export function startGps(line: Transport, o: { now?: () => number; fix?: () => boolean; delayMs?: number } = {}): { stop(): void } {
  const now = o.now ?? Date.now;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const tick = () => {
    const t = now();
    const second = Math.floor(t / 1000) * 1000;
    void line.write(Uint8Array.from(gpsSentences(second, o.fix?.() ?? true), (c) => c.charCodeAt(0))).catch(() => undefined);
    timer = setTimeout(tick, second + 1000 + (o.delayMs ?? 50) - t);
  };
  timer = setTimeout(tick, 1000 - (now() % 1000) + (o.delayMs ?? 50));
  return { stop: () => void (timer && clearTimeout(timer)) };
}
