import { describe, expect, it } from 'vitest';
import { crc16 } from './crc16';
import {
  ELSTER_ASSUMPTIONS, ELSTER_DATA_IDS, ELSTER_EVENT_LOG_IDS, ELSTER_LAYOUT, ELSTER_MODELS, ELSTER_STREAM_FORMAT, LP_CHANNELS,
  LP_INTERVAL_MINUTES, LP_KNOWN_MASK_BITS, LP_MARKERS, LP_STATUS_BITS,
} from './profile';

describe('Elster meter profile (the one place for meter-specific numbers)', () => {
  it('lists 3-digit, unique data IDs', () => {
    const ids = Object.values(ELSTER_DATA_IDS).map((d) => d.id);
    expect(ids.every((id) => /^\d{3}$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ELSTER_EVENT_LOG_IDS).toEqual(['691', '692', '693', '694', '695', '696', '697', '698', '699', '700', '701']);
  });

  it('has the reference sizes per model', () => {
    expect(ELSTER_MODELS.A1140.touRegisters).toEqual([8]);
    expect(ELSTER_MODELS.A1700.touRegisters).toEqual([16, 32]);
    expect(ELSTER_MODELS.A1140.maxDemandRegisters).toBe(12);
    expect(ELSTER_MODELS.A1700.maxDemandRegisters).toBe(24);
    expect(ELSTER_MODELS.A1700.cumulativeMaxDemandRegisters).toBe(8);
    // Data-ID sizes agree with the record layouts.
    expect(ELSTER_DATA_IDS.cumulativeRegisters.bytes).toBe(ELSTER_MODELS.A1140.cumulativeRegisters * ELSTER_LAYOUT.registerBytes);
    expect(ELSTER_DATA_IDS.touRegisters.bytes).toBe(ELSTER_MODELS.A1140.touRegisters[0]! * ELSTER_LAYOUT.registerBytes);
    expect(ELSTER_DATA_IDS.maxDemandRegisters.bytes).toBe(ELSTER_MODELS.A1140.maxDemandRegisters * ELSTER_LAYOUT.maxDemandBytes);
    expect(ELSTER_DATA_IDS.programmingCounter.bytes).toBe(2 + 3 * 4);
  });

  it('keeps the load-profile tables consistent', () => {
    const markers = Object.values(LP_MARKERS);
    expect(new Set(markers).size).toBe(markers.length);
    expect(markers.every((m) => m >= 0xe4)).toBe(true);
    expect(LP_INTERVAL_MINUTES).toEqual([1, 2, 3, 4, 5, 6, 10, 15, 20, 30, 60]);
    expect(LP_STATUS_BITS.reduce((m, s) => m | s.bit, 0)).toBe(0x7f); // bit 7 free: status bytes never look like markers
    expect(new Set(LP_CHANNELS.map((c) => c.bit)).size).toBe(LP_CHANNELS.length);
    expect(LP_KNOWN_MASK_BITS).toBe(0xc0ff);
  });

  it('uses a CRC that passes its own catalogue check', () => {
    const check = Uint8Array.from('123456789', (c) => c.charCodeAt(0));
    expect(crc16(ELSTER_STREAM_FORMAT.crc, check)).toBe(ELSTER_STREAM_FORMAT.crc.check);
  });

  it('states its assumptions', () => {
    expect(ELSTER_ASSUMPTIONS.length).toBeGreaterThanOrEqual(10);
    expect(ELSTER_ASSUMPTIONS.some((a) => /CRC-16\/ARC/.test(a))).toBe(true);
  });
});
