/**
 * An emulated Hayes (ITU-T V.250) modem on a line (`pmu simulate --modem <pty> --meters N`, the modem link's tests,
 * the emulated substation): it answers AT commands (echo while E1, verbose result codes), and `ATD<number>` calls
 * the emulated meter of that number: `CONNECT <rate>` after the dialling time, then the line carries the meter's
 * bytes (the meter's port at the fixed connect rate, ./fixed-speed.ts) until the escape `+++` (one second of
 * silence before and after, V.250 S12) and `ATH`, or until the carrier drops (`NO CARRIER`). Numbers it knows no
 * meter for get `NO CARRIER`; numbers listed as busy get `BUSY`; `noDialTone` answers every dial `NO DIALTONE`.
 */
import type { Transport } from '../../../protocol/iec62056-21/transport';
import type { GenericMeter } from '../generic/meter';
import { createLinkPair } from '../link';
import { runMeterOnTransport, type RunningMeter } from '..';
import { fixedSpeedTransport } from './fixed-speed';

/** Options of {@link startModem}. */
export interface ModemOptions {
  readonly line: Transport;
  /** Phone number → the meter behind the modem that answers it. */
  readonly meters: ReadonlyMap<string, GenericMeter>;
  readonly busy?: ReadonlySet<string>;
  readonly noDialTone?: boolean;
  /** Rate in CONNECT and the meter's fixed line speed, default 9600 (GSM CSD). */
  readonly connectRate?: number;
  /** Time from ATD to CONNECT / BUSY, ms, default 800. */
  readonly dialMs?: number;
  /** Escape guard time, ms, default 1000. */
  readonly guardMs?: number;
  /** Drop the carrier after the meter sent this many bytes in a call (a fault), default never. */
  readonly dropAfterBytes?: number;
  readonly reactionMs?: number;
  readonly log?: (line: string) => void;
}

/** A running modem. */
export interface EmulatedModem {
  /** Calls connected so far, by number. */
  readonly calls: () => readonly string[];
  stop(): Promise<void>;
}

const bytesOf = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

/** Start answering on `o.line` (see the file comment). */
export function startModem(o: ModemOptions): EmulatedModem {
  const rate = o.connectRate ?? 9600;
  const guard = o.guardMs ?? 1000;
  let echo = true;
  let command = '';
  let call: { number: string; meter: RunningMeter; modemEnd: Transport; sent: number; online: boolean } | null = null;
  let lastRx = 0;
  let plus = 0;
  let plusAt = 0;
  const calls: string[] = [];
  const say = (text: string) => void o.line.write(bytesOf(`\r\n${text}\r\n`)).catch(() => undefined);

  const endCall = async (why: string | null) => {
    const c = call;
    call = null;
    if (!c) return;
    o.log?.(`call to ${c.number} ended${why ? `: ${why}` : ''}`);
    await c.meter.stop();
    await c.modemEnd.close();
    if (why) say('NO CARRIER');
  };

  const connect = async (number: string) => {
    const meter = o.meters.get(number)!;
    const [modemEnd, meterEnd] = createLinkPair({ names: [`modem-${number}`, `meter-${number}`] });
    await modemEnd.setBaudRate(rate); // both ends of the in-memory pair at the connect rate (no UART garbling)
    const line = await fixedSpeedTransport(meterEnd, rate);
    const running = runMeterOnTransport(meter, line, { ...(o.reactionMs !== undefined ? { reactionTimeMs: o.reactionMs } : {}) });
    const c = { number, meter: running, modemEnd, sent: 0, online: true };
    call = c;
    calls.push(number);
    modemEnd.onData((chunk) => {
      if (call !== c || !c.online) return;
      c.sent += chunk.length;
      void o.line.write(chunk).catch(() => undefined);
      if (o.dropAfterBytes !== undefined && c.sent >= o.dropAfterBytes) void endCall('the carrier dropped (fault)');
    });
    say(`CONNECT ${rate}`);
    o.log?.(`connected to ${number} at ${rate}`);
  };

  const execute = async (text: string) => {
    const cmd = text.trim().toUpperCase();
    if (!cmd.startsWith('AT')) return;
    const dialAt = cmd.indexOf('D');
    const settings = dialAt >= 0 ? cmd.slice(2, dialAt) : cmd.slice(2);
    if (/E0/.test(settings)) echo = false;
    if (/E1|Z|&F/.test(settings)) echo = true;
    if (/^H0?$/.test(settings) || settings === 'H') {
      await endCall(null);
      return say('OK');
    }
    if (settings === 'O' && call) {
      call.online = true;
      return say(`CONNECT ${rate}`);
    }
    if (dialAt < 0) return say('OK');
    const number = text.trim().slice(dialAt + 1).replace(/^[TP]/i, '').trim();
    if (number === '') return say('ERROR');
    await new Promise((r) => setTimeout(r, o.dialMs ?? 800));
    if (o.noDialTone) return say('NO DIALTONE');
    if (o.busy?.has(number)) return say('BUSY');
    if (!o.meters.has(number)) return say('NO CARRIER');
    await connect(number);
  };

  const unsubscribe = o.line.onData((chunk) => {
    const now = Date.now();
    if (call?.online) {
      // Escape: +++ after a guard time of silence; the call goes to command mode after another guard time.
      const text = String.fromCharCode(...chunk);
      if (/^\++$/.test(text) && (plus > 0 || now - lastRx >= guard)) {
        plus += text.length;
        plusAt = now;
        lastRx = now;
        if (plus >= 3) {
          const c = call;
          setTimeout(() => {
            if (call === c && plus >= 3 && Date.now() - plusAt >= guard) {
              c.online = false;
              plus = 0;
              say('OK');
            }
          }, guard + 20);
        }
        return;
      }
      plus = 0;
      lastRx = now;
      void call.modemEnd.write(chunk).catch(() => undefined);
      return;
    }
    lastRx = now;
    for (const byte of chunk) {
      const c = String.fromCharCode(byte & 0x7f);
      if (echo) void o.line.write(Uint8Array.of(byte)).catch(() => undefined);
      if (c === '\r') {
        const text = command;
        command = '';
        void execute(text);
      } else if (c !== '\n') command += c;
    }
  });
  return {
    calls: () => [...calls],
    async stop() {
      unsubscribe();
      await endCall(null);
    },
  };
}
