/**
 * The TCP link provider (`tcp://host:port…`, contract/link-names.ts): IEC 62056-21 through a transparent serial server or a
 * GPRS/LTE modem in server mode (reference "remote links"). The link keeps the server's line speed (baudSwitch
 * false; the option select asks for `lineBaud`), its time-outs grow by the link's reaction margin (cellular
 * latency), and one connection at a time goes to one server port (mediumKey `tcp:host:port`).
 */
import { STANDARD_TIMINGS } from '../../../protocol/iec62056-21/timing';
import { mediumKeyOf, parseTcpName } from '../../../contract/link-names';
import { parseForOpening } from '../parse-name';
import type { Link, LinkProvider, LinkRequest } from '../types';
import { openTcpTransport } from './socket-transport';

/** Words for progress lines: "TCP 10.0.0.5:4001 (9600 baud)". */
export function tcpLabel(port: string): string {
  const n = parseTcpName(port);
  return `TCP ${n.host}:${n.port} (${n.baud} baud${n.deviceAddress ? `, address ${n.deviceAddress}` : ''})`;
}

/** The provider. */
export function tcpLinkProvider(): LinkProvider {
  return {
    kind: 'tcp',
    names: 'tcp://host:port',
    matches: (port: string) => port.startsWith('tcp://'),
    mediumKey: (port: string) => mediumKeyOf(port),
    describe: (req: LinkRequest) => tcpLabel(req.port),
    async open(req: LinkRequest): Promise<Link> {
      const n = parseForOpening(parseTcpName, req.port);
      const transport = await openTcpTransport({ host: n.host, port: n.port, connectTimeoutMs: n.connectTimeoutMs, idleTimeoutMs: n.idleTimeoutMs, ...(req.signal ? { signal: req.signal } : {}) });
      const margin = n.reactionMarginMs;
      return {
        transport,
        eightBit: req.line === '8N1',
        label: tcpLabel(req.port),
        baudSwitch: false,
        lineBaud: n.baud,
        ...(n.deviceAddress ? { deviceAddress: n.deviceAddress } : {}),
        ...(margin > 0 ? { timings: { reactionTimeoutMs: STANDARD_TIMINGS.reactionTimeoutMs + margin, interCharTimeoutMs: STANDARD_TIMINGS.interCharTimeoutMs + margin } } : {}),
        close: () => transport.close(),
      };
    },
  };
}
