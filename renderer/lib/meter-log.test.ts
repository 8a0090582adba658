import { describe, it, expect } from 'vitest';
import type { RegisterView } from '../../contract';
import { eventGroupRegisters, eventLogRegisters, identityRegisters, programmingLogRegisters } from '../../protocol/meters/elster/registers';
import type { MeterTime } from '../../protocol/meters/elster/meter-time';
import { meterEvents, programmingLog } from './meter-log';

/** Registers as the API shows them (main/api/views.ts), from the Elster codec's own mapping. */
function view(regs: ReturnType<typeof identityRegisters>): RegisterView[] {
  return regs.map((r) => ({ address: r.address, obis: r.obis, code: r.code, description: null, billingPeriod: r.billingPeriod, value: r.value, text: r.text, unit: r.unit, timestampLocal: r.timestampLocal, interpretation: r.interpretation, meaning: null }));
}

const energy: RegisterView = { address: '1.8.0', obis: '1.8.0', code: '1.8.0', description: 'Active energy', billingPeriod: null, value: 12.5, text: '12.500000', unit: 'kWh', timestampLocal: null, interpretation: null, meaning: null };

describe('programming log and events of a reading', () => {
  /** A meter time (wall clock; seconds and UTC as the decoders give them, for Europe/London in summer). */
  const at = (local: string): MeterTime => ({ seconds: Date.parse(`${local}Z`) / 1000, local, utc: new Date(Date.parse(`${local}Z`) - 3_600_000).toISOString() });
  const identity = view([
    ...identityRegisters({ serial: '12345678', schemeId: 'SCHEME01', clockLocal: '2026-07-10T09:00:00' }),
    ...programmingLogRegisters({ count: 4, entries: [{ at: at('2026-07-01T11:00:00'), user: 'TECH0042', port: 'optical port' }, { at: at('2026-06-01T10:00:00'), user: 'ADMIN', port: 'remote communications' }] }),
  ]);
  const events = view([
    ...eventGroupRegisters([
      { key: 'power-failures', name: 'Power failures', count: 2, entries: [{ at: at('2026-07-10T00:30:00'), details: '' }] },
      { key: 'terminal-cover', name: 'Terminal cover openings', count: 0, entries: [] },
    ]),
    ...eventLogRegisters([{ id: '699', log: { key: 'log-699', name: 'End of billing periods', count: 1, entries: [{ at: at('2026-07-01T00:00:00'), details: 'change of billing date' }] } }]),
  ]);

  it("takes the programming counter (C.2.0) and the meter's own log of the last programmings (680: user, time, port)", () => {
    const log = programmingLog({ registers: [...identity, energy], notes: [{ level: 'info', message: 'Read with the Elster dialect.' }] });
    expect(log).toEqual({
      counter: 4,
      lastLocal: ['2026-07-01T11:00:00', '2026-06-01T10:00:00'],
      lines: [
        { code: 'C.2.0', label: 'Programming counter', value: '4', atLocal: '2026-07-01T11:00:00' },
        { code: '128.2.1', label: 'Programming 1', value: 'TECH0042', atLocal: '2026-07-01T11:00:00' },
        { code: '128.2.2', label: 'Programming 2', value: 'ADMIN', atLocal: '2026-06-01T10:00:00' },
      ],
      notes: [],
    });
  });

  it('lists the event records with count and last occurrence, and the notes about events', () => {
    const ev = meterEvents({ registers: [...identity, ...events], notes: [{ level: 'info', message: 'The meter does not offer the events (544) (ERR2); it was left out.' }] });
    expect(ev).toEqual({
      lines: [
        { code: '128.99.3', label: 'Power failures', value: '2', atLocal: '2026-07-10T00:30:00' },
        { code: '128.99.9', label: 'Terminal cover openings', value: '0', atLocal: null },
        { code: '128.98.9', label: 'Event log 699, end of billing periods', value: '1', atLocal: '2026-07-01T00:00:00' },
      ],
      occurred: 2,
      notes: ['The meter does not offer the events (544) (ERR2); it was left out.'],
    });
  });

  it('reports nothing for a reading without programming or event data', () => {
    const plain = { registers: [energy], notes: [{ level: 'info' as const, message: 'Meter clock 5 s fast.' }] };
    expect(programmingLog(plain)).toBeNull();
    expect(meterEvents(plain)).toBeNull();
  });
});
