import { describe, expect, it } from 'vitest';
import { BUILTIN_DEFINITIONS } from '../../../meter-definitions';
import { decodeEnergyRegisters, encodeEnergyRegisters } from './decoders';
import { decodeMaxDemandRegisters, encodeMaxDemandRegisters } from './demand';
import { describeElsterRegister } from './describe';
import { decodeHistoricalEvents, decodeProgrammingLog, encodeLogRecord, encodeProgrammingLog } from './events';
import {
  cumulativeRegisters, eventGroupRegisters, identityRegisters, maxDemandRegisters, millionths, programmingLogRegisters, touRegisters,
} from './registers';

const zone = { zone: 'Europe/London' };

describe('Elster registers → OBIS-style Registers', () => {
  it('formats milli-units as exact kilo text', () => {
    expect(millionths(0n)).toBe('0.000000');
    expect(millionths(9_999_999_999_999_999n)).toBe('9999999999.999999');
  });

  it('maps 507 by the model: A1140 16 registers (8 standard, customer-defined at 112/120), A1700 10 (one VA, 3 customer)', () => {
    const a1140 = cumulativeRegisters(decodeEnergyRegisters(encodeEnergyRegisters(Array.from({ length: 16 }, (_, i) => BigInt(i) * 1_000_000n))), BUILTIN_DEFINITIONS.A1140.elster!.cumulativeRegisters.value);
    expect(a1140.map((r) => r.code)).toEqual(['1.8.0', '2.8.0', '5.8.0', '6.8.0', '7.8.0', '8.8.0', '9.8.0', '10.8.0', '128.8.0', '129.8.0']);
    expect(a1140[2]).toMatchObject({ value: 2, unit: 'kvarh', text: '2.000000' });
    expect(a1140[8]).toMatchObject({ text: '14000000', unit: null });
    const a1700 = cumulativeRegisters(decodeEnergyRegisters(encodeEnergyRegisters(Array.from({ length: 10 }, () => 1_000_000n))), BUILTIN_DEFINITIONS.A1700.elster!.cumulativeRegisters.value);
    expect(a1700.map((r) => r.code)).toEqual(['1.8.0', '2.8.0', '5.8.0', '6.8.0', '7.8.0', '8.8.0', '9.8.0', '128.8.0', '129.8.0', '130.8.0']);
  });

  it('maps TOU registers by their 667 source and MD by its source with the local time of the maximum', () => {
    expect(touRegisters(decodeEnergyRegisters(encodeEnergyRegisters([5n, 6n])), [0, 1]).map((r) => [r.address, r.unit])).toEqual([['1.8.1', 'kWh'], ['2.8.2', 'kWh']]);
    const md = maxDemandRegisters(decodeMaxDemandRegisters(encodeMaxDemandRegisters([{ source: 0, milli: 12_345_678n, atSeconds: Date.parse('2025-07-01T17:30:00Z') / 1000 }, { source: null, milli: 0, atSeconds: null }]), zone));
    expect(md).toHaveLength(1);
    expect(md[0]).toMatchObject({ address: '1.6.1', value: 12.345678, unit: 'kW', timestampLocal: '2025-07-01T17:30:00' });
  });

  it('gives serial, scheme, clock the addresses a readout would use', () => {
    const r = identityRegisters({ serial: 'S1', schemeId: 'SCH', clockLocal: '2025-01-02T03:04:05' });
    expect(r.map((x) => [x.code, x.text])).toEqual([['C.1.0', 'S1'], ['0.2.1', 'SCH'], ['0.9.1', '030405'], ['0.9.2', '250102']]);
  });

  it('puts the programming log in C.2.0 and 128.2.k (user, time, port)', () => {
    const log = decodeProgrammingLog(encodeProgrammingLog({ count: 2, times: [0x4dc4706c, 0x4da8750d], info: [0, 0], users: ['TECH0042', ''] }, 'a1140-53'), 'a1140-53', zone);
    const regs = programmingLogRegisters(log);
    expect(regs.map((r) => [r.code, r.text, r.timestampLocal])).toEqual([
      ['C.2.0', '2', '2011-05-06T22:04:28'],
      ['128.2.1', 'TECH0042', '2011-05-06T22:04:28'],
      ['128.2.2', '', '2011-04-15T16:40:45'],
    ]);
  });

  it('names every event group and gives each a description', () => {
    const b = new Uint8Array(280);
    b.set(encodeLogRecord({ count: 3, times: [0x4dc4706c] }), 31);
    const regs = eventGroupRegisters(decodeHistoricalEvents(b, 'a1140-groups', zone));
    expect(regs).toHaveLength(12);
    expect(regs[2]).toMatchObject({ code: '128.99.3', text: '3', timestampLocal: '2011-05-06T22:04:28' });
    for (const r of regs) expect(describeElsterRegister(r.code)).toMatch(/Historical events: /);
    expect(describeElsterRegister('128.98.5')).toBe('Event log 695: power failures — count and last three times');
    expect(describeElsterRegister('C.2.0')).toMatch(/Programming counter/);
    expect(describeElsterRegister('2.6.3')).toMatch(/Maximum demand register 3, active export/);
  });
});
