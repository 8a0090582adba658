/**
 * IEC 62056-21 over real loopback TCP sockets against the emulated meters behind TCP (main/emulator/fleet/tcp-meters.ts):
 * a whole reading without a baud switch, and the faults of a TCP link — connection refused, reset mid-session, a
 * server that accepts but never answers, and the idle time-out — each a plain error, never a hang.
 */
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { readAnyMeter } from '../../../protocol/meters/read-any';
import { ProtocolError } from '../../../protocol/iec62056-21/errors';
import { createFleetMeters } from '../../emulator/fleet/fleet-meters';
import { startTcpMeters, type TcpMeters } from '../../emulator/fleet/tcp-meters';
import { parseTcpName } from '../../../contract/link-names';
import { openTcpTransport } from './socket-transport';

const running: TcpMeters[] = [];
afterEach(async () => {
  for (const r of running.splice(0)) await r.close();
});

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

const connect = (link: string) => {
  const n = parseTcpName(link);
  return openTcpTransport({ host: n.host, port: n.port, connectTimeoutMs: n.connectTimeoutMs, idleTimeoutMs: n.idleTimeoutMs });
};

describe('IEC 62056-21 over TCP', () => {
  it('reads registers and load profile at the line speed of the server (no baud switch), one connection at a time', async () => {
    const meters = createFleetMeters(2, { prefix: 'EMU-T' });
    const tcp = await startTcpMeters({ meters, port: 0, baud: 9600, reactionMs: 20 });
    running.push(tcp);
    const link = tcp.endpoints[1]!.link;
    expect(link).toMatch(/^tcp:\/\/127\.0\.0\.1:\d+\?baud=9600$/);
    const transport = await connect(link);
    const second = await connect(link);
    const closed = new Promise<string>((r) => second.onClose(r));
    expect(await closed).toMatch(/closed the connection/);
    const now = Date.now();
    const read = await readAnyMeter(transport, {
      timeZone: 'Europe/London',
      maxBaud: 9600,
      timings: { minReactionMs: 20 },
      loadProfile: { fromUtc: new Date(now - 6 * 3600_000).toISOString(), toUtc: null },
      resignOnPauseMs: 50,
    });
    await transport.close();
    expect(read.reading.baud).toBe(9600);
    expect(read.reading.registers.find((r) => r.code === 'C.1.0')?.text).toBe('EMU-T0002');
    expect(read.reading.loadProfile!.intervals.length).toBeGreaterThanOrEqual(23);
  }, 30_000);

  it('says plainly when the connection is refused, reset mid-session, or never answered', async () => {
    const refused = await freePort();
    await expect(connect(`tcp://127.0.0.1:${refused}`)).rejects.toMatchObject({
      code: 'LINK_LOST',
      message: `127.0.0.1:${refused} refused the connection: nothing listens on that port (serial server or modem off, or a wrong port number).`,
    });

    const meters = createFleetMeters(1, { prefix: 'EMU-R' });
    const tcp = await startTcpMeters({ meters, port: 0, reactionMs: 20, faults: () => [{ fault: 'unplug', when: { commandKind: 'readout' }, offset: 40 }] });
    running.push(tcp);
    const t = await connect(tcp.endpoints[0]!.link);
    const err = await readAnyMeter(t, { timeZone: 'Europe/London', maxBaud: 9600, timings: { minReactionMs: 20 }, loadProfile: null }).catch((e: unknown) => e);
    await t.close();
    expect(err).toBeInstanceOf(ProtocolError);
    expect((err as ProtocolError).code).toBe('LINK_LOST');
    // The protocol names the step; the link's own words (the reason the connection ended) travel as the detail.
    expect((err as ProtocolError).detail).toMatch(/reset the connection in the middle of the session|closed the connection/);

    const silent = net.createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    const port = (silent.address() as net.AddressInfo).port;
    const quiet = await connect(`tcp://127.0.0.1:${port}`);
    const started = Date.now();
    const none = await readAnyMeter(quiet, { timeZone: 'Europe/London', timings: { reactionTimeoutMs: 300 }, loadProfile: null }).catch((e: unknown) => e);
    expect((none as ProtocolError).code).toBe('NO_ANSWER');
    expect(Date.now() - started).toBeLessThan(3000);
    await quiet.close();
    silent.close();
  });

  it('closes a connection that carries nothing for the idle time-out, with the reason', async () => {
    const server = net.createServer(() => undefined);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as net.AddressInfo).port;
    const t = await openTcpTransport({ host: '127.0.0.1', port, connectTimeoutMs: 2000, idleTimeoutMs: 200 });
    const reason = await new Promise<string>((r) => t.onClose(r));
    expect(reason).toBe(`the connection to 127.0.0.1:${port} carried no data for 200 ms and was closed (idle time-out)`);
    await expect(t.write(Uint8Array.of(1))).rejects.toMatchObject({ code: 'LINK_LOST' });
    server.close();
  });
});
