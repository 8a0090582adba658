import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../iec62056-21/errors';
import { SYNTHETIC_IDENTIFICATIONS } from './elster/identification';
import { chooseMeterProfile } from './index';

describe('chooseMeterProfile', () => {
  it('recognises Elster meters from the identification', () => {
    expect(chooseMeterProfile(SYNTHETIC_IDENTIFICATIONS.A1140)).toMatchObject({ profile: 'elster', family: 'A1140', identified: true });
    expect(chooseMeterProfile(`${SYNTHETIC_IDENTIFICATIONS.A1700}\r\n`)).toMatchObject({ profile: 'elster', family: 'A1700' });
    expect(chooseMeterProfile(SYNTHETIC_IDENTIFICATIONS.A1120)).toMatchObject({ profile: 'elster', family: 'A1120' });
  });

  it('other makes and unknown GEC types are generic, with a reason', () => {
    expect(chooseMeterProfile('/ISk5MT174-0001')).toEqual({ profile: 'generic', reason: 'ISK meter: generic IEC 62056-21' });
    const gec = chooseMeterProfile('/GEC5999999');
    expect(gec.profile).toBe('generic');
    expect(gec.reason).toMatch(/choose a1140 or a1700/);
  });

  it('a forced choice wins', () => {
    expect(chooseMeterProfile(SYNTHETIC_IDENTIFICATIONS.A1140, 'generic').profile).toBe('generic');
    expect(chooseMeterProfile('/ISk5MT174-0001', 'a1700')).toMatchObject({ profile: 'elster', family: 'A1700', identified: false });
    expect(chooseMeterProfile(SYNTHETIC_IDENTIFICATIONS.A1120, 'a1140')).toMatchObject({ family: 'A1120' });
    expect(chooseMeterProfile('/GEC5999999', 'a1140')).toMatchObject({ family: 'A1140', identified: true });
  });

  it('a line that is no identification is GARBLED', () => {
    expect(() => chooseMeterProfile('hello')).toThrow(ProtocolError);
  });
});
