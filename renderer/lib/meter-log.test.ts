import { describe, it, expect } from 'vitest';
import type { RegisterView } from '../../contract';
import { eventRegisters, identityRegisters } from '../../protocol/meters/elster/registers';
import { meterEvents, programmingLog } from './meter-log';

/** Registers as the API shows them (main/api/views.ts), from the Elster codec's own mapping. */
function view(regs: ReturnType<typeof eventRegisters>): RegisterView[] {
  return regs.map((r) => ({ address: r.address, obis: r.obis, code: r.code, description: null, billingPeriod: r.billingPeriod, value: r.value, text: r.text, unit: r.unit, timestampLocal: r.timestampLocal, interpretation: r.interpretation, meaning: null }));
}

const energy: RegisterView = { address: '1.8.0', obis: '1.8.0', code: '1.8.0', description: 'Active energy', billingPeriod: null, value: 12.5, text: '12.500000', unit: 'kWh', timestampLocal: null, interpretation: null, meaning: null };

describe('programming log and events of a reading', () => {
  const zone = 'Europe/London';
  const identity = view(identityRegisters({
    serial: '12345678', schemeId: 'SCHEME01', clockLocal: '2026-07-10T09:00:00', timeZone: zone,
    programmingCounter: { count: 4, lastUtc: ['2026-07-01T10:00:00Z', '2026-03-01T10:00:00Z', null] },
  }));
  const events = view(eventRegisters([
    { index: 0, count: 2, lastUtc: '2026-07-09T23:30:00Z' },
    { index: 1, count: 0, lastUtc: null },
  ], zone));

  it('takes the programming counter and its newest time (meter local) from C.2.0', () => {
    const log = programmingLog({ registers: [...identity, energy], notes: [{ level: 'info', message: 'Read with the Elster dialect.' }] });
    expect(log).toEqual({
      counter: 4,
      lastLocal: ['2026-07-01T11:00:00'],
      lines: [{ code: 'C.2.0', label: 'Programming counter', value: '4', atLocal: '2026-07-01T11:00:00' }],
      notes: [],
    });
  });

  it('lists the event records with count and last occurrence, and the notes about events', () => {
    const ev = meterEvents({ registers: [...identity, ...events], notes: [{ level: 'info', message: 'The meter does not offer the events (544) (ERR2); it was left out.' }] });
    expect(ev).toEqual({
      lines: [
        { code: '128.99.0', label: 'Event record 0', value: '2', atLocal: '2026-07-10T00:30:00' },
        { code: '128.99.1', label: 'Event record 1', value: '0', atLocal: null },
      ],
      occurred: 1,
      notes: ['The meter does not offer the events (544) (ERR2); it was left out.'],
    });
  });

  it('reports nothing for a reading without programming or event data', () => {
    const plain = { registers: [energy], notes: [{ level: 'info' as const, message: 'Meter clock 5 s fast.' }] };
    expect(programmingLog(plain)).toBeNull();
    expect(meterEvents(plain)).toBeNull();
  });
});
