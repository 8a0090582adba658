/**
 * The dial-up / GSM CSD modem link provider (`modem:<serial port>[?init=…&dial=…&baud=…]#<number>`,
 * contract/link-names.ts): a Hayes modem on a serial port (opened through the same registry, at `baud`), woken with
 * `AT`, set up with the modem's init string, then `ATD<number>` until CONNECT (./hayes.ts). Once connected the line
 * carries the meter's bytes at a speed the far modem keeps: the link does not switch speed (baudSwitch false; the
 * option select asks for the connect rate, else `baud`). A `NO CARRIER` in the data closes the link with that reason
 * (the call dropped mid-session). Closing hangs up (+++ / ATH) before the serial port is closed. One call at a time
 * per modem: the medium key is the modem's serial port.
 */
import { ProtocolError } from '../../../protocol/iec62056-21/errors';
import type { Transport } from '../../../protocol/iec62056-21/transport';
import { parseModemName } from '../../../contract/link-names';
import { parseForOpening } from '../parse-name';
import { STANDARD_PROBE_PROFILE, type ProbeProfile } from '../../../contract/probe';
import type { Link, LinkProvider, LinkRegistry, LinkRequest } from '../types';
import { LineReader, dial, expectOk, hangUp, wake } from './hayes';

/** How the modem's serial port is opened: no echo handling, modem lines left as they are. */
const MODEM_LINE: ProbeProfile = { ...STANDARD_PROBE_PROFILE, name: 'Hayes modem line', echo: 'none', description: 'A Hayes modem on a serial port (not an optical probe).' };

/** Speeds an option select can ask for (IEC 62056-21 mode C). */
const IEC_RATES = [300, 600, 1200, 2400, 4800, 9600, 19200];

const parsed = (port: string) => parseForOpening(parseModemName, port);

/** The data phase of a call: `line`'s bytes, closed with the reason when the modem reports NO CARRIER. */
function callTransport(line: Transport, number: string, hangup: () => Promise<void>): Transport {
  const closeListeners = new Set<(reason: string) => void>();
  let tail = '';
  let ended = false;
  const end = (why: string) => {
    if (ended) return;
    ended = true;
    for (const l of [...closeListeners]) l(why);
  };
  line.onData((chunk) => {
    tail = (tail + String.fromCharCode(...chunk)).slice(-32);
    if (/\r\nNO CARRIER\r\n/.test(tail)) end(`the call to ${number} dropped (the modem reported NO CARRIER)`);
  });
  line.onClose((why) => end(why));
  return {
    name: `${line.name} → ${number}`,
    write: (b) => (ended ? Promise.reject(new ProtocolError('LINK_LOST', `The call to ${number} has ended.`)) : line.write(b)),
    setBaudRate: async () => undefined,
    onData: (l) => line.onData(l),
    onClose(listener) {
      closeListeners.add(listener);
      return () => closeListeners.delete(listener);
    },
    async close() {
      end('closed');
      await hangup();
    },
  };
}

/** The provider; `registry` opens the modem's serial port. */
export function modemLinkProvider(registry: () => LinkRegistry, opts: { guardMs?: number } = {}): LinkProvider {
  return {
    kind: 'modem',
    names: 'modem:<serial port>#<phone number>',
    matches: (port) => port.startsWith('modem:'),
    mediumKey: (port) => registry().mediumKey(parsed(port).line),
    describe: (req) => `the modem on ${parsed(req.port).line} calling ${parsed(req.port).number}`,
    async open(req: LinkRequest): Promise<Link> {
      const n = parsed(req.port);
      // The modem's own echo (E1) is not a probe's: the line is opened without probe echo handling (the Hayes dialogue
      // skips echoed commands itself), at the DTE speed set below.
      const serial = await registry().open({ ...req, port: n.line, probe: MODEM_LINE });
      const reader = new LineReader(serial.transport);
      let rate: number | null;
      try {
        await serial.transport.setBaudRate(n.baud); // the speed between workstation and modem
        await wake(serial.transport, reader, opts.guardMs);
        await expectOk(serial.transport, reader, n.init, 5000);
        rate = await dial(serial.transport, reader, n.number, n.dialTimeoutMs);
      } catch (e) {
        // No call was made (BUSY, NO CARRIER… leave the modem in command mode): nothing to hang up.
        reader.dispose();
        await serial.close();
        throw e;
      }
      reader.dispose();
      let hungUp: Promise<void> | null = null;
      const hangup = () =>
        (hungUp ??= (async () => {
          const r = new LineReader(serial.transport);
          await hangUp(serial.transport, r, opts.guardMs);
          r.dispose();
          await serial.close();
        })());
      return {
        transport: callTransport(serial.transport, n.number, hangup),
        eightBit: serial.eightBit,
        label: `the modem on ${n.line} calling ${n.number}`,
        baudSwitch: false,
        lineBaud: rate !== null && IEC_RATES.includes(rate) ? rate : n.baud,
        close: hangup,
      };
    },
  };
}
