import { describe, expect, it } from 'vitest';
import { decodeEnergyRegisters, decodeMaxDemandRegisters, encodeEnergyRegisters, encodeMaxDemandRegisters } from './decoders';
import { ELSTER_OBIS_MAP, cumulativeRegisters, identityRegisters, maxDemandRegisters, millionths, touRegisters } from './registers';

describe('Elster registers → OBIS-style Registers', () => {
  it('formats mWh as exact kWh text', () => {
    expect(millionths(0n)).toBe('0.000000');
    expect(millionths(1n)).toBe('0.000001');
    expect(millionths(9_999_999_999_999_999n)).toBe('9999999999.999999');
  });

  it('maps 507 by the table, 8…15 to manufacturer-specific addresses', () => {
    const regs = cumulativeRegisters(decodeEnergyRegisters(encodeEnergyRegisters(Array.from({ length: 16 }, (_, i) => BigInt(i) * 1_000_000n))));
    expect(regs.map((r) => r.address)).toEqual([...ELSTER_OBIS_MAP.cumulative.map((m) => m.address), ...Array.from({ length: 8 }, (_, i) => `128.8.${i + 8}`)]);
    expect(regs[2]).toMatchObject({ code: '5.8.0', value: 2, unit: 'kvarh', text: '2.000000' });
  });

  it('maps TOU to 1.8.n and maximum demand to 1.6.n with its local time', () => {
    expect(touRegisters(decodeEnergyRegisters(encodeEnergyRegisters([5n, 6n]))).map((r) => [r.address, r.unit])).toEqual([['1.8.1', 'kWh'], ['1.8.2', 'kWh']]);
    const md = maxDemandRegisters(decodeMaxDemandRegisters(encodeMaxDemandRegisters([{ mW: 12_345_678n, at: '2025-07-01T16:30:00Z' }, { mW: 0n, at: null }])), 'Europe/London');
    expect(md[0]).toMatchObject({ address: '1.6.1', value: 12.345678, unit: 'kW', timestampLocal: '2025-07-01T17:30:00' });
    expect(md[1]).toMatchObject({ address: '1.6.2', timestampLocal: null, values: [{ raw: '0.000000*kW' }] });
  });

  it('gives serial, scheme, clock and counter the addresses a readout would use', () => {
    const r = identityRegisters({ serial: 'S1', schemeId: 'SCH', clockLocal: '2025-01-02T03:04:05', programmingCounter: { count: 7, lastUtc: [] } });
    expect(r.map((x) => [x.code, x.text])).toEqual([['C.1.0', 'S1'], ['0.2.1', 'SCH'], ['0.9.1', '030405'], ['0.9.2', '250102'], ['C.2.0', '7']]);
  });
});
