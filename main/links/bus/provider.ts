/**
 * The RS-485 multi-drop bus link provider (`bus:<port>#<device address>`, contract/link-names.ts): many meters on
 * one line, each selected by its IEC 62056-21 device address in the sign-on `/?address!` (clause 6.3.1; reference
 * "remote links": meters not addressed stay silent, so a bus needs an address per meter). The line itself is any
 * other port name — a serial port with an RS-485 adapter, a `tcp://` serial server, an emulated bus — opened through
 * the same registry; its speed rules are the line's. One session at a time per bus: the medium key is the line's.
 */
import { parseBusName } from '../../../contract/link-names';
import { parseForOpening } from '../parse-name';
import type { Link, LinkProvider, LinkRegistry, LinkRequest } from '../types';

const parsed = (port: string) => parseForOpening(parseBusName, port);

/** The provider; `registry` opens the line the bus hangs on (given late: the registry holds this provider too). */
export function busLinkProvider(registry: () => LinkRegistry): LinkProvider {
  return {
    kind: 'bus',
    names: 'bus:<port>#<device address>',
    matches: (port) => port.startsWith('bus:'),
    mediumKey: (port) => registry().mediumKey(parsed(port).line),
    describe: (req) => {
      const n = parsed(req.port);
      return `address ${n.deviceAddress} on the bus at ${registry().describe({ ...req, port: n.line })}`;
    },
    async open(req: LinkRequest): Promise<Link> {
      const n = parsed(req.port);
      const line = await registry().open({ ...req, port: n.line });
      return { ...line, transport: line.transport, deviceAddress: n.deviceAddress, label: `address ${n.deviceAddress} on the bus at ${line.label}`, close: () => line.close() };
    },
  };
}
