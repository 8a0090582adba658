/**
 * The RS-485 bus link over a real pty pair: several emulated meters on one line answer only their own device
 * address; two meters with the same address answer at once and the client gets a garbled answer (a plain error),
 * never another meter's data.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readAnyMeter } from '../../../protocol/meters/read-any';
import { ProtocolError } from '../../../protocol/iec62056-21/errors';
import { startBusMeters, type BusMeters } from '../../emulator/fleet/bus-meters';
import { createFleetMeters } from '../../emulator/fleet/fleet-meters';
import { createLinkRegistry } from '../registry';
import { openPtyPair, type PtyPair } from '../serial/pty-pair';
import { serialLinkProvider } from '../serial/provider';
import { openSerialTransport } from '../serial/transport';
import { sessionOptionsOf } from '../session-options';
import type { LinkRegistry } from '../types';
import { busLinkProvider } from './provider';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function bus(extraDuplicate: boolean): Promise<{ pair: PtyPair; links: LinkRegistry; emu: BusMeters }> {
  const pair = await openPtyPair();
  cleanup.push(() => pair.close());
  const meters = createFleetMeters(3, { prefix: 'EMU-B', more: (i) => (extraDuplicate && i === 3 ? { deviceAddress: 'EMU-B0002' } : {}) });
  const line = await openSerialTransport(pair.b);
  // The duplicate pair would, after an identification nobody answers, send their data readouts at 300 baud
  // (mode C, clause 6.4.5) and keep the bus busy for two minutes: the collector waits that out by its retries;
  // here they stay quiet so the next session can show the other meters are unharmed.
  const emu = startBusMeters({ meters, line, reactionMs: 20, ...(extraDuplicate ? { session: { autoReadoutAfterMs: null } } : {}) });
  cleanup.push(async () => (await emu.stop(), await line.close()));
  const links: LinkRegistry = createLinkRegistry([busLinkProvider(() => links), serialLinkProvider()]);
  return { pair, links, emu };
}

const read = async (links: LinkRegistry, port: string) => {
  const link = await links.open({ port, timeZone: 'Europe/London' });
  try {
    return await readAnyMeter(link.transport, { ...sessionOptionsOf(link, {}), timeZone: 'Europe/London', timings: { minReactionMs: 20 }, loadProfile: null });
  } finally {
    await link.close();
  }
};

describe('RS-485 multi-drop bus over a pty', () => {
  it('reads each meter by its device address on one line; the medium is the line', async () => {
    const { pair, links } = await bus(false);
    expect(links.mediumKey(`bus:${pair.a}#EMU-B0001`)).toBe(links.mediumKey(`bus:${pair.a}#EMU-B0003`));
    for (const serial of ['EMU-B0003', 'EMU-B0001']) {
      const r = await read(links, `bus:${pair.a}#${serial}`);
      expect(r.reading.registers.find((x) => x.code === 'C.1.0')?.text).toBe(serial);
    }
    const silent = await read(links, `bus:${pair.a}#NOBODY`).catch((e: unknown) => e);
    expect((silent as ProtocolError).code).toBe('NO_ANSWER');
  }, 60_000);

  it('two meters answering at once (duplicate address) give a garbled answer, not either meter\'s data', async () => {
    const { pair, links, emu } = await bus(true);
    const e = await read(links, `bus:${pair.a}#EMU-B0002`).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ProtocolError);
    expect(['GARBLED', 'BAD_BCC', 'NO_ANSWER', 'STOPPED_ANSWERING']).toContain((e as ProtocolError).code);
    expect(emu.collisions()).toBeGreaterThan(0);
    // The two meters may still be sending what the client gave up on: the next session starts on a quiet bus.
    await new Promise((r) => setTimeout(r, 5000));
    const ok = await read(links, `bus:${pair.a}#EMU-B0001`);
    expect(ok.reading.registers.find((x) => x.code === 'C.1.0')?.text).toBe('EMU-B0001');
  }, 60_000);
});
