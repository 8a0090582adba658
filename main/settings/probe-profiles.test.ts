import { describe, expect, it } from 'vitest';
import { probeProfileSchema } from '../../contract/probe';
import { setupActor } from '../auth/actor';
import { testContext } from '../auth/test-helpers';
import { withActor } from '../core/context';
import { assignProbeProfile, deleteProbeProfileAs, saveProbeProfileAs } from '../services/probe-profiles';
import { setSettings } from '../services/settings';
import { BUILT_IN_PROBE_PROFILES, listProbeProfiles, normalizePortName, probeProfileFor } from './probe-profiles';

const ctx = () => withActor(testContext(), setupActor('osuser'));

describe('probe profiles', () => {
  it('every built-in profile is valid and says where its values come from', () => {
    for (const p of BUILT_IN_PROBE_PROFILES) {
      expect(probeProfileSchema.parse(p), p.name).toEqual(p);
      expect(p.source.length, p.name).toBeGreaterThan(20);
    }
  });

  it('a port uses its assigned profile, else the one naming its USB model, else the default', async () => {
    const c = ctx();
    expect(probeProfileFor(c.db, 'COM3', '0403:6001')).toMatchObject({ reason: 'default', profile: { name: 'Standard' } });
    saveProbeProfileAs(c, { ...BUILT_IN_PROBE_PROFILES[0]!, name: 'FTDI head', usbIds: ['0403:6001'], dtr: 'on' });
    expect(probeProfileFor(c.db, 'COM3', '0403:6001')).toMatchObject({ reason: 'usb', profile: { name: 'FTDI head' } });
    assignProbeProfile(c, 'com3', 'DTR disabled (PMU)');
    expect(probeProfileFor(c.db, '\\\\.\\COM3', '0403:6001')).toMatchObject({ reason: 'port', profile: { name: 'DTR disabled (PMU)' } });
    await setSettings(c, { 'probe.defaultProfile': 'Echoing probe (half-duplex)' });
    expect(probeProfileFor(c.db, 'COM4', null)).toMatchObject({ reason: 'default', profile: { echo: 'echoes' } });
    expect(normalizePortName('\\\\.\\com12')).toBe('COM12');
  });

  it('an edited built-in profile keeps its name and can be reset; a renamed own profile takes its ports along', () => {
    const c = ctx();
    const std = BUILT_IN_PROBE_PROFILES[0]!;
    saveProbeProfileAs(c, { ...std, maxBaud: 9600 });
    expect(listProbeProfiles(c.db).find((p) => p.name === 'Standard')).toMatchObject({ origin: 'edited', maxBaud: 9600 });
    expect(() => saveProbeProfileAs(c, { ...std, name: 'Renamed' }, 'Standard')).toThrow('"Standard" is a built-in profile: its name stays');
    deleteProbeProfileAs(c, 'standard');
    expect(listProbeProfiles(c.db).find((p) => p.name === 'Standard')).toMatchObject({ origin: 'built-in', maxBaud: 19200 });
    saveProbeProfileAs(c, { ...std, name: 'Van 3' });
    assignProbeProfile(c, '/dev/ttyUSB0', 'Van 3');
    saveProbeProfileAs(c, { ...std, name: 'Van 3 probe' }, 'Van 3');
    expect(probeProfileFor(c.db, '/dev/ttyUSB0').profile.name).toBe('Van 3 probe');
    expect(() => saveProbeProfileAs(c, { ...std, name: 'Standard' }, 'Van 3 probe')).toThrow('exists already');
    expect(() => assignProbeProfile(c, 'COM1', 'Nope')).toThrow('There is no probe profile "Nope"');
  });
});
