/**
 * Probe profiles over a real pty pair (socat), where the line allows: a pty has no modem lines (DTR/RTS are noted, not
 * set) and no line speed, but it carries an ECHO — the meter side runs the emulator behind an echoing probe
 * (main/emulator/probe/echo.ts, as `pmu simulate --probe-echo`). A whole reading goes through the serial provider with
 * each echo setting; the link reports what it saw.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STANDARD_PROBE_PROFILE, type EchoMode } from '../../../contract/probe';
import { ProtocolError } from '../../../protocol/iec62056-21/errors';
import { readMeter } from '../../../protocol/iec62056-21/read-meter';
import type { Transport } from '../../../protocol/iec62056-21/transport';
import { createEmulatedMeter, pacedTransport, runMeterOnTransport, type RunningMeter } from '../../emulator';
import { withProbeEcho } from '../../emulator/probe/echo';
import type { Link } from '../types';
import { serialLinkProvider } from './provider';
import { hasSocat, openPtyPair, type PtyPair } from './pty-pair';
import { openSerialTransport } from './transport';

describe.skipIf(!hasSocat())('probe profiles over a pty pair', () => {
  let pair: PtyPair;
  let meterEnd: Transport;
  let meter: RunningMeter;
  const links: Link[] = [];
  const start = async (echo: boolean) => {
    meterEnd = await openSerialTransport(pair.b);
    meter = runMeterOnTransport(createEmulatedMeter({ serial: 'PTY-ECHO-1', timeZone: 'UTC' }), pacedTransport(echo ? withProbeEcho(meterEnd) : meterEnd));
  };
  const open = async (echo: EchoMode, extra: { dtr?: 'on' | 'leave' } = {}) => {
    const provider = serialLinkProvider({ probeProfileFor: () => ({ ...STANDARD_PROBE_PROFILE, echo, dtr: extra.dtr ?? 'leave' }) });
    const link = await provider.open({ port: pair.a, timeZone: 'UTC' });
    links.push(link);
    return link;
  };
  const read = (link: Link) => readMeter(link.transport, { timeZone: 'UTC', loadProfile: null, ...(link.timings ? { timings: link.timings } : {}) });
  beforeEach(async () => {
    pair = await openPtyPair();
  });
  afterEach(async () => {
    for (const l of links.splice(0)) await l.close();
    await meter?.stop();
    await meterEnd?.close();
    await pair.close();
  });

  it.each(['echoes', 'detect'] as const)('reads the meter behind an echoing probe with echo "%s"; the link saw the echo', async (mode) => {
    await start(true);
    const link = await open(mode);
    const r = await read(link);
    expect(r.registers.find((x) => x.code === 'C.1.0')?.text).toBe('PTY-ECHO-1');
    expect((link.transport as unknown as { echoSeen(): boolean | null }).echoSeen()).toBe(true);
  }, 60_000);

  it('"detect" on a probe that does not echo reads as usual and says no echo was seen', async () => {
    await start(false);
    const link = await open('detect');
    const r = await read(link);
    expect(r.registers.find((x) => x.code === 'C.1.0')?.text).toBe('PTY-ECHO-1');
    expect((link.transport as unknown as { echoSeen(): boolean | null }).echoSeen()).toBe(false);
  }, 60_000);

  it('"echoes" on a probe that does not echo loses the start of the identification: a plain failure, not a wrong reading', async () => {
    await start(false);
    const link = await open('echoes');
    const err = await read(link).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProtocolError);
  }, 60_000);

  it('notes that a pseudo-terminal has no modem lines instead of failing', async () => {
    await start(false);
    const link = await open('detect', { dtr: 'on' });
    expect(link.probe?.notes).toEqual([`${pair.a} is a pseudo-terminal, which has no modem lines: DTR and RTS were not set.`]);
  }, 60_000);
});
