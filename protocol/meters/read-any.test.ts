import { afterEach, describe, expect, it } from 'vitest';
import { openEmbeddedEmulator, type EmbeddedEmulator } from '../../main/emulator';
import { bytesToAscii } from '../iec62056-21/control';
import { ProtocolError } from '../iec62056-21/errors';
import type { Transport } from '../iec62056-21/transport';
import { readClock } from './clock';
import { openMeterSession } from './open-session';
import { readAnyMeter } from './read-any';

/**
 * Auto-detection of the dialect from the identification of the SAME session, against the project's emulator
 * (a test file only: protocol/ sources never import main/). The sign-on requests are counted on the wire.
 */
const FAST = { reactionTimeoutMs: 400, interCharTimeoutMs: 300, minReactionMs: 0, shortMinReactionMs: 0, maxRepeats: 3 };
const SESSION = { reactionTimeMs: 0, interCharTimeoutMs: 300 };
const tz = 'Europe/London';
const open: EmbeddedEmulator[] = [];
afterEach(async () => {
  for (const e of open.splice(0)) await e.stop();
});

/** The emulator's client end, counting the sign-on requests (`/?…!`) the client sends. */
function emulator(model: 'generic' | 'a1140' | 'a1700') {
  const emu = model === 'generic'
    ? openEmbeddedEmulator({ meter: { timeZone: tz }, session: SESSION, paced: false })
    : openEmbeddedEmulator({ meter: { model, timeZone: tz, loadProfileDays: 5, seedRng: 1 }, session: SESSION, paced: false });
  open.push(emu);
  const signOns: string[] = [];
  const inner = emu.clientTransport;
  const transport: Transport = {
    ...inner,
    name: inner.name,
    write: (b) => {
      const text = bytesToAscii(b);
      if (text.startsWith('/?')) signOns.push(text);
      return inner.write(b);
    },
  };
  return { emu, transport, signOns };
}

const lastDay = () => ({ fromUtc: new Date(Date.now() - 86_400_000).toISOString(), toUtc: new Date().toISOString() });

describe('readAnyMeter: the dialect decided from the identification, no wasted sign-on', () => {
  it('an A1140 is read with the Elster dialect in ONE session (one sign-on)', async () => {
    const { transport, signOns } = emulator('a1140');
    const steps: string[] = [];
    const r = await readAnyMeter(transport, { timings: FAST, timeZone: tz, loadProfile: lastDay(), password: '00000000', onProgress: (p) => steps.push(p.step) });
    expect(r.choice).toMatchObject({ profile: 'elster', family: 'A1140', identified: true });
    expect(signOns).toHaveLength(1);
    expect('elster' in r.reading).toBe(true);
    expect(r.reading.registers.find((x) => x.code === 'C.2.0')?.value).toBe(0);
    expect(r.reading.registers.filter((x) => /^128\.99\.\d+$/.test(x.code)).length).toBeGreaterThan(0);
    expect(r.reading.loadProfile!.intervals.length).toBeGreaterThanOrEqual(48);
    expect(steps.slice(0, 2)).toEqual(['sign-on', 'identification']);
  });

  it('a generic meter: readout in the first session, load profile in the programming session (two, as before)', async () => {
    const { transport, signOns } = emulator('generic');
    const r = await readAnyMeter(transport, { timings: FAST, timeZone: tz, loadProfile: lastDay() });
    expect(r.choice.profile).toBe('generic');
    expect(signOns).toHaveLength(2);
    expect(r.reading.loadProfile!.intervals.length).toBeGreaterThanOrEqual(96);
    const only = emulator('generic');
    await readAnyMeter(only.transport, { timings: FAST, timeZone: tz, loadProfile: null });
    expect(only.signOns).toHaveLength(1);
  });

  it('a forced dialect wins over the identification; the whole profile is "all" (551 = FFFF)', async () => {
    const { transport } = emulator('a1700');
    const generic = await readAnyMeter(transport, { timings: FAST, timeZone: tz, loadProfile: null, meter: 'generic' });
    expect(generic.choice.profile).toBe('generic');
    expect('elster' in generic.reading).toBe(false);
    const all = emulator('a1700');
    const r = await readAnyMeter(all.transport, { timings: FAST, timeZone: tz, loadProfile: { fromUtc: null, toUtc: null }, password: '00000000', events: false });
    expect(r.reading.loadProfile!.intervals.length).toBeGreaterThan(4 * 48);
  });

  it('an Elster meter without a (valid) password is refused before the option select, in plain words', async () => {
    const { transport, signOns } = emulator('a1140');
    const e = await readAnyMeter(transport, { timings: FAST, timeZone: tz, loadProfile: null }).catch((x: unknown) => x);
    expect((e as ProtocolError).code).toBe('REFUSED');
    expect((e as Error).message).toMatch(/^This is an Elster A1140 meter: its dialect needs the meter password \(8 characters\)/);
    const short = await readAnyMeter(emulator('a1140').transport, { timings: FAST, timeZone: tz, loadProfile: null, password: 'abc' }).catch((x: unknown) => x);
    expect((short as Error).message).toMatch(/exactly 8 characters/);
    expect(signOns).toHaveLength(1);
  });
});

describe('openMeterSession', () => {
  it('opens the chosen dialect on the identified session and reads serial, counter and clock', async () => {
    const { transport, signOns } = emulator('a1140');
    const m = await openMeterSession(transport, { timings: FAST, password: '00000000', passwordLevel: 1 });
    expect(m.choice.profile).toBe('elster');
    expect(await m.readSerial()).toBe('EMU-A1140-0001');
    expect(await m.readProgrammingCounter()).toBe(0);
    expect(Math.abs((await readClock(m.session, { timeZone: tz })).driftMs)).toBeLessThan(2000);
    await m.close();
    expect(signOns).toHaveLength(1);

    const g = emulator('generic');
    const gm = await openMeterSession(g.transport, { timings: FAST });
    expect(await gm.readSerial()).toBe('12345678');
    expect(await gm.readProgrammingCounter()).toBeNull();
    await gm.close();
  });

  it('onChoice can stop before the option select', async () => {
    const { transport } = emulator('generic');
    const e = await openMeterSession(transport, {
      timings: FAST,
      onChoice: (c) => {
        throw new ProtocolError('METER_ERROR', `not for ${c.profile}`);
      },
    }).catch((x: unknown) => x);
    expect((e as Error).message).toBe('not for generic');
  });
});
