/**
 * The Hayes modem link over a real pty pair against the emulated modem: dial, CONNECT, a whole reading at the
 * connect rate, hang-up by +++ / ATH; BUSY, NO CARRIER, NO DIALTONE and a carrier lost mid-session are plain errors.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readAnyMeter } from '../../../protocol/meters/read-any';
import { ProtocolError } from '../../../protocol/iec62056-21/errors';
import { createFleetMeters } from '../../emulator/fleet/fleet-meters';
import { startModem, type ModemOptions } from '../../emulator/fleet/modem';
import { createLinkRegistry } from '../registry';
import { openPtyPair } from '../serial/pty-pair';
import { serialLinkProvider } from '../serial/provider';
import { openSerialTransport } from '../serial/transport';
import { sessionOptionsOf } from '../session-options';
import type { LinkRegistry } from '../types';
import { ModemError } from './hayes';
import { modemLinkProvider } from './provider';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function modem(more: Partial<ModemOptions> = {}): Promise<{ port: string; links: LinkRegistry; calls: () => readonly string[] }> {
  const pair = await openPtyPair();
  cleanup.push(() => pair.close());
  const [a, b] = createFleetMeters(2, { prefix: 'EMU-M' });
  const line = await openSerialTransport(pair.b);
  const emu = startModem({ line, meters: new Map([['0101', a!], ['0102', b!]]), busy: new Set(['0199']), dialMs: 100, guardMs: 300, reactionMs: 20, ...more });
  cleanup.push(async () => (await emu.stop(), await line.close()));
  const links: LinkRegistry = createLinkRegistry([modemLinkProvider(() => links, { guardMs: 300 }), serialLinkProvider()]);
  return { port: pair.a, links, calls: emu.calls };
}

const read = async (links: LinkRegistry, port: string) => {
  const link = await links.open({ port, timeZone: 'Europe/London' });
  try {
    expect([link.baudSwitch, link.lineBaud]).toEqual([false, 9600]);
    return await readAnyMeter(link.transport, { ...sessionOptionsOf(link, {}), timeZone: 'Europe/London', timings: { minReactionMs: 20 }, loadProfile: null });
  } finally {
    await link.close();
  }
};

describe('Hayes modem link over a pty', () => {
  it('dials, reads the meter behind the far modem at the connect rate, hangs up, and calls the next one', async () => {
    const { port, links, calls } = await modem();
    const first = await read(links, `modem:${port}#0102`);
    expect(first.reading.registers.find((r) => r.code === 'C.1.0')?.text).toBe('EMU-M0002');
    const second = await read(links, `modem:${port}?init=ATZ#0101`);
    expect(second.reading.registers.find((r) => r.code === 'C.1.0')?.text).toBe('EMU-M0001');
    expect(calls()).toEqual(['0102', '0101']);
  }, 60_000);

  it('says BUSY, NO CARRIER and NO DIALTONE plainly, and a carrier lost mid-session ends the session', async () => {
    const { port, links } = await modem({ dropAfterBytes: 600 });
    const busy = await links.open({ port: `modem:${port}#0199`, timeZone: 'UTC' }).catch((e: unknown) => e);
    expect(busy).toBeInstanceOf(ModemError);
    expect(busy).toMatchObject({ code: 'NO_ANSWER', result: 'BUSY', message: 'The line of 0199 is busy (BUSY). It is tried again later.' });
    const nobody = await links.open({ port: `modem:${port}#0555`, timeZone: 'UTC' }).catch((e: unknown) => e);
    expect(nobody).toMatchObject({ result: 'NO CARRIER' });
    expect((nobody as Error).message).toMatch(/^The call to 0555 did not connect \(NO CARRIER\)/);
    const dropped = await read(links, `modem:${port}#0101`).catch((e: unknown) => e);
    expect((dropped as ProtocolError).code).toBe('LINK_LOST');
    expect((dropped as ProtocolError).detail).toMatch(/the call to 0101 dropped \(the modem reported NO CARRIER\)/);
    const again = await links.open({ port: `modem:${port}#0199`, timeZone: 'UTC' }).catch((e: unknown) => e);
    expect(again).toMatchObject({ result: 'BUSY' }); // the modem is back in command mode after the drop
  }, 60_000);

  it('NO DIALTONE is a line fault, not a meter fault', async () => {
    const { port, links } = await modem({ noDialTone: true });
    const e = await links.open({ port: `modem:${port}#0101`, timeZone: 'UTC' }).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'LINK_LOST', result: 'NO DIALTONE' });
  }, 30_000);
});
