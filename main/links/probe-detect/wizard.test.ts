/**
 * The connection wizard against emulated meters behind emulated probes that need a given combination
 * (main/emulator/probe/binding.ts): it must find exactly that combination, through the real serial transport.
 * Paced links at real wire speed: each wizard run takes seconds.
 */
import { describe, expect, it } from 'vitest';
import { STANDARD_PROBE_PROFILE } from '../../../contract/probe';
import { createEmulatedMeter } from '../../emulator';
import { emulatedProbeBinding, type EmulatedProbeSpec, type LineChange } from '../../emulator/probe/binding';
import type { MeterPersonality } from '../../emulator/meter-session';
import { createLinkRegistry } from '../registry';
import { openProbeLink } from '../serial/provider';
import type { LinkProvider } from '../types';
import { maxWizardSeconds } from './plan';
import { detectedProfileName, runProbeWizard } from './wizard';

/** A registry with one emulated probe port `spec.path` on `meter`; `lines` collects every line change of every try. */
function rig(spec: EmulatedProbeSpec, meter: MeterPersonality = createEmulatedMeter({ serial: 'WIZ-1', timeZone: 'UTC' })) {
  const lines: LineChange[][] = [];
  const provider: LinkProvider = {
    kind: 'test-probe',
    matches: (p) => p === spec.path,
    async open(req) {
      const binding = emulatedProbeBinding(spec, meter);
      lines.push(binding.lineLog);
      return openProbeLink(req.port, req, req.probe ?? STANDARD_PROBE_PROFILE, binding);
    },
  };
  return { links: createLinkRegistry([provider]), lines };
}

const outcomes = (r: { tries: { outcome: string }[] }) => r.tries.map((t) => t.outcome);

describe('probe-connection wizard', () => {
  it('finds DTR on / RTS off, the echo and the 4800-baud ceiling of a probe that needs all three', async () => {
    const { links, lines } = rig({ path: 'COM7', needs: { dtr: true, rts: false }, echo: true, maxBaud: 4800 });
    const progress: string[] = [];
    const r = await runProbeWizard({ links, port: 'COM7', timeZone: 'UTC', onProgress: (p) => p.record && progress.push(`${p.done}/${p.total}`) });
    expect(r.found).toBe(true);
    expect(r.profile).toMatchObject({ name: 'COM7 (detected)', dtr: 'on', rts: 'off', echo: 'echoes', maxBaud: 4800, powerUpMs: 300 });
    expect(outcomes(r)).toEqual(['nothing', 'identification', 'session', 'session', 'session', 'session', 'session']);
    expect(r.tries[0]!.words).toBe('DTR and RTS as the driver sets them, any meter, up to 19200 baud: nothing came back.');
    expect(r.tries[1]!.words).toMatch(/^DTR on, RTS off, any meter, up to 19200 baud: identification \/PMU5EMU-GEN-1\.0, but after the option select at 9600 baud: no answer; the probe echoes what is sent\.$/);
    expect(r.tries.at(-1)!.words).toMatch(/up to 4800 baud: identification .*; the meter answered at 4800 baud; the probe echoes what is sent\.$/);
    expect(r.summary).toBe('It works with DTR on, RTS off; the probe echoes what is sent. The speed change to 9600 baud does not get through this probe; 4800 baud does, so the profile stops there.');
    expect(lines[1]).toEqual([{ dtr: true, rts: false }]); // set before anything was sent, as the try asked
    expect(lines[0]).toEqual([]); // "as the driver sets them": no change asked
    expect(progress.at(-1)).toBe('7/7');
    expect(r.seconds).toBeLessThan(maxWizardSeconds([]));
  }, 120_000);

  it('a self-powered probe without echo works at once: lines left alone, no echo, the meter\'s fastest speed', async () => {
    const { links } = rig({ path: '/dev/ttyUSB3' });
    const r = await runProbeWizard({ links, port: '/dev/ttyUSB3', timeZone: 'UTC' });
    expect(outcomes(r)).toEqual(['session']);
    expect(r.profile).toMatchObject({ dtr: 'leave', rts: 'leave', echo: 'none', maxBaud: 19200, powerUpMs: 0 });
    expect(r.summary).toBe('It works with DTR and RTS as the driver sets them. The meter answered at 9600 baud, its fastest.');
  }, 60_000);

  it('a probe powered only with DTR off and RTS on is found on the third combination', async () => {
    const { links } = rig({ path: 'COM9', needs: { dtr: false, rts: true } });
    const r = await runProbeWizard({ links, port: 'COM9', timeZone: 'UTC' });
    expect(outcomes(r)).toEqual(['nothing', 'nothing', 'session']);
    expect(r.profile).toMatchObject({ dtr: 'off', rts: 'on', echo: 'none' });
  }, 60_000);

  it('an Elster A1140 behind the probe: its manufacturer mode (Y=6) answers the session try', async () => {
    const meter = createEmulatedMeter({ model: 'a1140', timeZone: 'UTC' });
    const { links } = rig({ path: 'COM4', needs: { dtr: true, rts: false }, dataBits: 8 }, meter);
    const r = await runProbeWizard({ links, port: 'COM4', timeZone: 'UTC' });
    expect(r.found).toBe(true);
    expect(r.tries.at(-1)!.outcome).toBe('session');
    expect(r.profile).toMatchObject({ dtr: 'on', rts: 'off' });
  }, 60_000);

  it('a probe powered only with both lines off is found on the fourth combination', async () => {
    const { links } = rig({ path: 'COM5', needs: { dtr: false, rts: false } });
    const r = await runProbeWizard({ links, port: 'COM5', timeZone: 'UTC' });
    expect(outcomes(r)).toEqual(['nothing', 'nothing', 'nothing', 'session']);
    expect(r.profile).toMatchObject({ dtr: 'off', rts: 'off' });
  }, 60_000);

  it('a probe off the meter: every combination and address tried, nothing found, a plain summary of what to check', async () => {
    const { links } = rig({ path: 'COM6', offMeter: true });
    const r = await runProbeWizard({ links, port: 'COM6', timeZone: 'UTC', addresses: ['12345678'] });
    expect(r).toMatchObject({ found: false, profile: null, saved: false });
    expect(r.tries.map((t) => `${t.dtr}/${t.rts} "${t.address}" ${t.outcome}`)).toEqual([
      'leave/leave "" nothing', 'leave/leave "12345678" nothing', 'on/off "" nothing', 'on/off "12345678" nothing',
      'off/on "" nothing', 'off/on "12345678" nothing', 'off/off "" nothing', 'off/off "12345678" nothing',
    ]);
    expect(r.summary).toMatch(/^No combination got an answer\. Check that the probe sits on the meter's optical port/);
    expect(r.tries.every((t) => t.ms < 8000)).toBe(true);
  }, 90_000);

  it('a probe that garbles everything (broken, or the wrong kind of port) is reported as garbled, not silent', async () => {
    const { links } = rig({ path: 'COM8', maxBaud: 150, echo: true });
    const r = await runProbeWizard({ links, port: 'COM8', timeZone: 'UTC' });
    expect(r.found).toBe(false);
    expect(r.summary).toMatch(/^Some tries got bytes, but never an identification/);
  }, 90_000);

  it('names the detected profile within the name rules', () => {
    expect(detectedProfileName('emulator:probe')).toBe('emulator_probe (detected)');
    expect(detectedProfileName('/dev/serial/by-id/usb-FTDI_FT232R_USB_UART_A10K1XYZ-if00-port0')).toHaveLength(40);
  });
});
