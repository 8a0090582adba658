import { describe, expect, it } from 'vitest';
import { STANDARD_PROBE_PROFILE } from '../../contract';
import { profileSummary, secondsWords } from './probe-words';

describe('probe words', () => {
  it('summarises a profile by what differs from leaving the lines alone', () => {
    expect(profileSummary(STANDARD_PROBE_PROFILE)).toBe('echo detected, up to 19200 baud');
    expect(profileSummary({ ...STANDARD_PROBE_PROFILE, dtr: 'on', rts: 'off', echo: 'echoes', maxBaud: 4800, powerUpMs: 300, retries: 5 })).toBe(
      'DTR on, RTS off, echo removed, up to 4800 baud, 300 ms power-up, 5 retries',
    );
  });
  it('says a time bound in minutes and seconds', () => {
    expect([secondsWords(45), secondsWords(120), secondsWords(258)]).toEqual(['45 s', '2 min', '4 min 18 s']);
  });
});
