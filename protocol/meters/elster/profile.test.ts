import { describe, expect, it } from 'vitest';
import { crc16, CRC16_VARIANTS } from './crc16';
import { ELSTER_ASSUMPTIONS, LP_CHANNELS_A1140, LP_CHANNELS_A1700, LP_INTERVAL_MINUTES, LP_MARKERS, LP_STATUS_BITS } from './profile';
import { elsterModel } from './model';
import { elsterP2Response } from './password';

describe('Elster dialect facts', () => {
  it('keeps the load-profile tables consistent', () => {
    const markers = Object.values(LP_MARKERS);
    expect(new Set(markers).size).toBe(markers.length);
    expect(markers.every((m) => m >= 0xe2)).toBe(true);
    expect(LP_INTERVAL_MINUTES).toEqual([1, 2, 3, 4, 5, 6, 10, 15, 20, 30, 60]);
    expect(LP_STATUS_BITS.reduce((m, s) => m | s.bit, 0)).toBe(0x7f);
    expect([...LP_CHANNELS_A1140.keys()]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 14, 15]);
    expect(LP_CHANNELS_A1700.size).toBe(14);
  });

  it('uses CRC-16/ARC (the driver\'s CRCGenerator table of 0xA001)', () => {
    expect(crc16(CRC16_VARIANTS.ARC, Uint8Array.from('123456789', (c) => c.charCodeAt(0)))).toBe(0xbb3d);
  });

  it('reproduces the public P2 vector (password FEDC0003, seed 29EDC6D335E59C87)', () => {
    expect(elsterP2Response('FEDC0003', '29EDC6D335E59C87')).toBe('23CB4DDDE2B76317');
  });

  it('lists its remaining assumptions', () => {
    expect(ELSTER_ASSUMPTIONS.length).toBeGreaterThan(3);
  });
});

describe('per-meter model facts from the definitions', () => {
  it('A1700 TOU variant by device number (public:abba1700/ABBA1700MeterType.java, its test)', () => {
    expect(elsterModel('A1700', { identification: '/GEC5090100140400@000' }).touRegisters).toBe(16);
    expect(elsterModel('A1700', { identification: '/GEC5090100100400@000' }).touRegisters).toBe(32);
    expect(elsterModel('A1700', { identification: '/GEC2090100260200@000' }).touRegisters).toBe(32);
    expect(elsterModel('A1700', { identification: '/GEC5090100100400@000' }).bytes('508')).toBe(256);
    expect(elsterModel('A1700', { identification: '/GEC5090100140400@000' }).bytes('667')).toBe(16);
  });
  it('A1140 and A1700 differ where the drivers show it', () => {
    const a = elsterModel('A1140');
    const b = elsterModel('A1700', { identification: '/GEC5090100100400@000' });
    expect([a.bytes('795'), b.bytes('795')]).toEqual([8, 16]);
    expect([a.lpValueEncoding, b.lpValueEncoding]).toEqual(['binary24', 'bcd6']);
    expect([a.lpSelection, b.lpSelection]).toEqual(['range-554', 'days-551']);
    expect([a.programmingLog, b.programmingLog]).toEqual(['a1140-53', 'a1700-14']);
    expect(() => elsterModel('A1700', { touRegisters: 24 })).toThrow(RangeError);
  });
});
