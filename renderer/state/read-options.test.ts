import { describe, it, expect } from 'vitest';
import { calls } from '../../contract';
import { accessArgs, DEFAULT_READ_OPTIONS, passwordError, passwordShown, readArgs } from './read-options';

describe('read options form', () => {
  it('shows the password for Elster meter types, and for auto unless the port is the generic emulated meter', () => {
    expect(passwordShown('a1140', 'emulator')).toBe(true);
    expect(passwordShown('a1700', 'COM3')).toBe(true);
    expect(passwordShown('generic', 'emulator:a1140')).toBe(false);
    expect(passwordShown('auto', 'emulator')).toBe(false);
    expect(passwordShown('auto', 'emulator:a1140')).toBe(true);
    expect(passwordShown('auto', '/dev/ttyUSB0')).toBe(true);
  });

  it('explains a bad password without quoting it', () => {
    expect(passwordError('')).toBeNull();
    expect(passwordError('00000000')).toBeNull();
    expect(passwordError('abc')).toBe('The password must be exactly 8 characters (this one has 3).');
    expect(passwordError('pässwört')).toBe('The password may only contain letters, digits, spaces and symbols on a plain keyboard.');
  });

  it('builds readMeter arguments the contract accepts: default 48 h, day range in the zone, everything or none', () => {
    const elster = { ...DEFAULT_READ_OPTIONS, meter: 'a1140' as const, password: '00000000', passwordLevel: 2 as const };
    const recent = readArgs(elster, 'emulator:a1140', 'UTC');
    expect(recent).toEqual({ args: { meter: 'a1140', password: '00000000', passwordLevel: 2, events: true } });
    const range = readArgs({ ...elster, profileRange: 'range', profileFrom: '2026-03-29', profileTo: '2026-03-29', events: false }, 'emulator:a1140', 'Europe/London');
    expect(range).toEqual({
      args: { meter: 'a1140', password: '00000000', passwordLevel: 2, profileFromUtc: '2026-03-29T00:00:00.000Z', profileToUtc: '2026-03-29T23:00:00.000Z', events: false },
    });
    expect(readArgs({ ...DEFAULT_READ_OPTIONS, profileRange: 'all' }, 'emulator', 'UTC')).toEqual({ args: { profileAll: true, events: true } });
    expect(readArgs({ ...DEFAULT_READ_OPTIONS, profileRange: 'none' }, 'emulator', 'UTC')).toEqual({ args: { loadProfile: false, events: true } });
    for (const built of [recent, range]) {
      if (!('args' in built)) throw new Error('expected arguments');
      expect(calls.readMeter.args.safeParse({ jobId: 'j', port: 'emulator:a1140', ...built.args }).success).toBe(true);
    }
  });

  it('gives field errors instead of arguments for a bad password or range; a hidden password is not sent', () => {
    expect(readArgs({ ...DEFAULT_READ_OPTIONS, meter: 'a1700', password: '1234', profileRange: 'range', profileFrom: '2026-03-02', profileTo: '2026-03-01' }, 'COM3', 'UTC')).toEqual({
      errors: { password: 'The password must be exactly 8 characters (this one has 4).', profile: 'The "to" day is before the "from" day.' },
    });
    expect(readArgs({ ...DEFAULT_READ_OPTIONS, profileRange: 'range', profileFrom: '2026-03-02' }, 'emulator', 'UTC')).toEqual({ errors: { profile: 'Enter both days of the load-profile range.' } });
    expect(accessArgs({ ...DEFAULT_READ_OPTIONS, meter: 'generic', password: '00000000' }, 'COM3')).toEqual({ args: { meter: 'generic' } });
  });
});
