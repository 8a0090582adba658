import { describe, it, expect } from 'vitest';
import { checkMeterForm, type MeterForm } from './meter-form';

const form: MeterForm = { serial: ' EMU-A1140-0001 ', ctRatio: '200/5', vtRatio: '', passwordLevel: '3', site: ' Substation 4 ', customer: '', timeZone: 'Europe/London' };

describe('stage form meter data', () => {
  it('turns the typed fields into meter data; an empty ratio is direct connected', () => {
    expect(checkMeterForm(form)).toEqual({
      meter: { serial: 'EMU-A1140-0001', ctRatio: '200/5', vtRatio: null, passwordLevel: 3, site: 'Substation 4', customer: '', timeZone: 'Europe/London' },
    });
  });
  it('says what is wrong with each field in a sentence', () => {
    const r = checkMeterForm({ ...form, serial: '  ', ctRatio: '200:5', timeZone: 'Europe/Londn' });
    expect(r).toEqual({
      errors: {
        serial: 'Enter the meter serial number.',
        ctRatio: 'Write the ratio as primary/secondary, e.g. 200/5.',
        timeZone: "Unknown time zone 'Europe/Londn'. Use an IANA name such as Europe/London.",
      },
    });
  });
  it('refuses an unknown time zone even when everything else is right', () => {
    expect(checkMeterForm({ ...form, timeZone: 'Mars/Olympus' })).toEqual({ errors: { timeZone: expect.stringContaining("'Mars/Olympus'") } });
  });
});
